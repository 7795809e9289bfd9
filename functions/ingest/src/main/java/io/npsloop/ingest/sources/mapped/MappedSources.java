package io.npsloop.ingest.sources.mapped;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.config.Area;
import io.npsloop.config.Kind;
import io.npsloop.config.Reader;
import io.npsloop.config.Setting;
import io.npsloop.config.Settings;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the recipes of {@code MAPPED_SOURCES}, a JSON object of name to recipe, when the function
 * starts: every fault is named with the setting, the source and the key, since a recipe that
 * reads wrongly would otherwise turn away or misread every response its tool sends.
 */
public final class MappedSources {

    /** Declared here for the registry; listed with the functions' other settings as {@code IngestSettings.MAPPED_SOURCES}. */
    public static final Setting SETTING = Setting.of(Area.WEBHOOKS, "MAPPED_SOURCES", Kind.TEXT)
            .byDefault("")
            .parameter("MappedSources")
            .readBy(Reader.INGEST, Reader.FETCH)
            .means("Tools without a source of their own, as a JSON object of name to recipe: JSON Pointers to the response's fields, "
                    + "the score's scale, the signature scheme (see docs/survey-tools.md). Each takes webhooks at `/webhooks/<name>` "
                    + "with its secret kept as `<name>`. Empty: none.");

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,40}");
    private static final Set<String> KEYS = Set.of("responseId", "surveyId", "fixedSurveyId", "score", "scale", "scoreValues",
            "comment", "submittedAt", "respondent", "signature", "signedAt", "responsesOnly");

    private final String setting;
    private final Set<String> taken;

    /** @param taken names already in use (the built-in tools'), which a configured source may not take */
    private MappedSources(String setting, Set<String> taken) {
        this.setting = setting;
        this.taken = taken;
    }

    /** The recipes the setting holds; none when it is unset or empty. */
    public static List<Recipe> read(Settings settings, Set<String> taken) {
        var value = settings.optional(SETTING).map(String::strip).orElse("");
        return value.isEmpty() ? List.of() : new MappedSources(SETTING.variable(), taken).parse(value);
    }

    private List<Recipe> parse(String json) {
        Object root;
        try {
            root = JSON.std.with(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS).anyFrom(json);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(setting + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof Map<?, ?> sources)) {
            throw new IllegalArgumentException(setting + " must be a JSON object of source name to recipe");
        }
        var recipes = new ArrayList<Recipe>();
        sources.forEach((name, recipe) -> recipes.add(recipe(String.valueOf(name), recipe)));
        return List.copyOf(recipes);
    }

    private Recipe recipe(String name, Object value) {
        var at = setting + "." + name;
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(at + ": the name must be 1 to 40 of a-z, 0-9 and '-', as in /webhooks/<name>");
        }
        if (taken.contains(name)) {
            throw new IllegalArgumentException(at + ": the name is a built-in source's; choose another");
        }
        var recipe = object(value, at);
        recipe.keySet().stream().filter(key -> !KEYS.contains(key)).findFirst().ifPresent(key -> {
            throw new IllegalArgumentException(at + "." + key + ": not a recipe key; keys are " + String.join(", ", KEYS.stream().sorted().toList()));
        });
        var surveyId = optionalPointer(recipe, "surveyId", at);
        var fixedSurveyId = Optional.ofNullable(recipe.get("fixedSurveyId")).map(id -> text(id, at + ".fixedSurveyId"));
        if (surveyId.isPresent() == fixedSurveyId.isPresent()) {
            throw new IllegalArgumentException(at + ": give either surveyId (a JSON Pointer) or fixedSurveyId (the survey id itself)");
        }
        return new Recipe(name,
                requiredPointer(recipe, "responseId", at),
                surveyId,
                fixedSurveyId,
                requiredPointer(recipe, "score", at),
                scoreValues(recipe, at),
                optionalPointer(recipe, "comment", at),
                requiredPointer(recipe, "submittedAt", at),
                respondent(recipe, at),
                signature(recipe.get("signature"), at + ".signature"),
                optionalPointer(recipe, "signedAt", at),
                filter(recipe.get("responsesOnly"), at + ".responsesOnly"));
    }

    /** Only a 0-10 scale is NPS; anything else must say, value by value, what each answer is on 0-10. */
    private Map<String, Integer> scoreValues(Map<String, Object> recipe, String at) {
        var scale = recipe.get("scale");
        if (scale != null) {
            var range = object(scale, at + ".scale");
            var from = range.get("from");
            var to = range.get("to");
            if (!(from instanceof Number f && to instanceof Number t && f.intValue() == 0 && t.intValue() == 10
                    && new BigDecimal(f.toString()).signum() == 0 && new BigDecimal(t.toString()).compareTo(BigDecimal.TEN) == 0
                    && range.size() == 2)) {
                throw new IllegalArgumentException(at + ".scale: " + range.get("from") + " to " + range.get("to")
                        + " is not an NPS scale; only {\"from\": 0, \"to\": 10} is, or map each answer onto 0-10 with scoreValues");
            }
        }
        var values = recipe.get("scoreValues");
        if (values == null) {
            return Map.of();
        }
        var mapped = new LinkedHashMap<String, Integer>();
        object(values, at + ".scoreValues").forEach((answer, score) -> {
            if (!(score instanceof Number n) || new BigDecimal(n.toString()).stripTrailingZeros().scale() > 0
                    || n.intValue() < 0 || n.intValue() > 10) {
                throw new IllegalArgumentException(at + ".scoreValues." + answer + ": must be a whole number from 0 to 10");
            }
            mapped.put(answer, n.intValue());
        });
        if (mapped.isEmpty()) {
            throw new IllegalArgumentException(at + ".scoreValues: must map at least one answer onto 0-10");
        }
        return mapped;
    }

    private Map<String, JsonPointer> respondent(Map<String, Object> recipe, String at) {
        var value = recipe.get("respondent");
        if (value == null) {
            return Map.of();
        }
        var fields = object(value, at + ".respondent");
        var pointers = new LinkedHashMap<String, JsonPointer>();
        fields.forEach((field, pointer) -> {
            if (!Recipe.RESPONDENT_FIELDS.contains(field)) {
                throw new IllegalArgumentException(at + ".respondent." + field + ": not a respondent field; fields are "
                        + String.join(", ", Recipe.RESPONDENT_FIELDS));
            }
            pointers.put(field, pointer(pointer, at + ".respondent." + field));
        });
        return pointers;
    }

    private Recipe.Signature signature(Object value, String at) {
        if (value == null) {
            throw new IllegalArgumentException(at + " is required: standard-webhooks, hmac-sha256, token-header or url-token");
        }
        var signature = object(value, at);
        var scheme = text(signature.get("scheme"), at + ".scheme");
        return switch (scheme) {
            case "standard-webhooks" -> new Recipe.Signature.StandardWebhooks();
            case "url-token" -> new Recipe.Signature.UrlToken();
            case "token-header" -> new Recipe.Signature.TokenHeader(header(signature, at));
            case "hmac-sha256" -> {
                var encoding = text(signature.getOrDefault("encoding", "hex"), at + ".encoding");
                if (!encoding.equals("hex") && !encoding.equals("base64")) {
                    throw new IllegalArgumentException(at + ".encoding: must be hex or base64, not " + encoding);
                }
                var prefix = signature.containsKey("prefix") ? String.valueOf(signature.get("prefix")) : "";
                yield new Recipe.Signature.HmacSha256(header(signature, at), encoding, prefix);
            }
            default -> throw new IllegalArgumentException(at + ".scheme: " + scheme
                    + " is not one of standard-webhooks, hmac-sha256, token-header, url-token");
        };
    }

    private String header(Map<String, Object> signature, String at) {
        var header = text(signature.get("header"), at + ".header");
        if (!header.matches("[A-Za-z0-9-]{1,100}")) {
            throw new IllegalArgumentException(at + ".header: " + header + " is not an HTTP header name");
        }
        return header;
    }

    private Optional<Recipe.Filter> filter(Object value, String at) {
        if (value == null) {
            return Optional.empty();
        }
        var filter = object(value, at);
        var values = filter.get("values");
        var texts = new LinkedHashSet<String>();
        if (values != null) {
            if (!(values instanceof List<?> list) || list.isEmpty()) {
                throw new IllegalArgumentException(at + ".values: must be a non-empty array of the values that mark a response");
            }
            list.forEach(v -> texts.add(text(v, at + ".values")));
        }
        return Optional.of(new Recipe.Filter(pointer(filter.get("at"), at + ".at"), texts));
    }

    private JsonPointer requiredPointer(Map<String, Object> recipe, String key, String at) {
        if (recipe.get(key) == null) {
            throw new IllegalArgumentException(at + "." + key + " is required: a JSON Pointer such as \"/data/" + key + "\"");
        }
        return pointer(recipe.get(key), at + "." + key);
    }

    private Optional<JsonPointer> optionalPointer(Map<String, Object> recipe, String key, String at) {
        return recipe.get(key) == null ? Optional.empty() : Optional.of(pointer(recipe.get(key), at + "." + key));
    }

    private static JsonPointer pointer(Object value, String at) {
        try {
            return JsonPointer.parse(text(value, at));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
        }
    }

    private static String text(Object value, String at) {
        if (value instanceof String s && !s.isBlank()) {
            return s;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).toPlainString();
        }
        throw new IllegalArgumentException(at + ": must be a non-empty string");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String at) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException(at + ": must be a JSON object");
    }
}
