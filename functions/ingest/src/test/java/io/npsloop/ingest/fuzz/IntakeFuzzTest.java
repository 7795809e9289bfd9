package io.npsloop.ingest.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.npsloop.domain.intake.ResponseIntake;
import io.npsloop.domain.intake.ValueTiers;
import io.npsloop.domain.policy.Budget;
import io.npsloop.domain.policy.Budgets;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.domain.policy.RationedPolicy;
import io.npsloop.ingest.WebhookReceiver;
import io.npsloop.ingest.sources.WebhookSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Timeout;

/**
 * The whole endpoint, {@link WebhookReceiver#handle}, over an in-memory store with a secret for
 * every source: whatever the source name, headers, body and base64 flag, the answer is one of the
 * statuses below, never a 5xx, never a failure hidden behind a 4xx, and a rejection quotes none
 * of the input. Most inputs are signed as the survey app would sign them, so the parsers, the
 * policy and the store are reached; a retry of an accepted delivery must be a duplicate.
 *
 * <p>Input layout, so seeds can be written by hand: the last five bytes choose, from the end,
 * the source (0-4 in {@link FuzzSources#ALL} order, 5-8 other names, 9 SurveyMonkey, whose notice
 * intake records for fetching), signing (0 as the survey
 * app does, 1 the same under upper-case header names, 2 five minutes late, 3 fuzzed headers),
 * encoding (0 plain, 1 base64, 2 flagged base64 but not), content type (0 application/json) and
 * a retry (even: none); the bytes before them are the body, which a line {@code --} splits into
 * up to three deliveries.
 */
class IntakeFuzzTest {

    private static final Set<Integer> ANSWERS = Set.of(200, 202, 400, 401, 404, 413, 415);
    /** Small enough that the fuzzer reaches the size checks; the samples fit. */
    private static final int MAX_BODY_BYTES = 3_000;
    private static final byte[] SEPARATOR = "\n--\n".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> CONTENT_TYPES = List.of(
            "application/json", "application/json; charset=utf-8", "application/vnd.survey+json", "text/plain");

    @Timeout(5)
    @DictionaryFile(resourcePath = "webhooks.dict")
    @FuzzTest
    void handle(FuzzedDataProvider data) {
        int sourceChoice = data.consumeInt(0, 9);
        int signing = data.consumeInt(0, 3);
        int encoding = data.consumeInt(0, 2);
        int contentType = data.consumeInt(0, CONTENT_TYPES.size() + 1);
        boolean retry = data.consumeBoolean();

        String sourceName = switch (sourceChoice) {
            case 0, 1, 2, 3, 4 -> FuzzSources.ALL.get(sourceChoice).name();
            case 5 -> FuzzSources.ALL.get(Math.floorMod(data.consumeInt(), FuzzSources.ALL.size())).name().toUpperCase(Locale.ROOT);
            case 6 -> null;
            case 7 -> "unknown-app";
            case 9 -> FuzzSources.SURVEYMONKEY.name();
            default -> data.consumeString(60);
        };
        var signAs = java.util.stream.Stream.concat(FuzzSources.ALL.stream(), java.util.stream.Stream.of(FuzzSources.SURVEYMONKEY))
                .filter(s -> s.name().equalsIgnoreCase(sourceName))
                .findFirst()
                .orElse(FuzzSources.GENERIC);
        var fuzzedHeaders = new HashMap<String, String>();
        if (signing == 3) {
            for (var name : FuzzSources.SIGNATURE_HEADERS) {
                if (data.consumeBoolean()) {
                    fuzzedHeaders.put(name, data.consumeString(120));
                }
            }
        }
        String fuzzedContentType = contentType == CONTENT_TYPES.size() + 1 ? data.consumeString(60) : null;

        var intake = intake();
        var deliveries = split(data.consumeRemainingAsBytes());
        for (int i = 0; i < deliveries.size(); i++) {
            var bytes = deliveries.get(i);
            String body;
            byte[] signed;
            if (encoding == 0) {
                body = new String(bytes, StandardCharsets.UTF_8);
                signed = body.getBytes(StandardCharsets.UTF_8);
            } else if (encoding == 1) {
                body = Base64.getEncoder().encodeToString(bytes);
                signed = bytes;
            } else {
                body = new String(bytes, StandardCharsets.ISO_8859_1);
                signed = bytes;
            }
            var headers = new HashMap<String, String>();
            var messageId = "msg_" + i + "_" + Integer.toHexString(Arrays.hashCode(bytes));
            switch (signing) {
                case 0 -> headers.putAll(FuzzSources.signedHeaders(signAs.name(), signed, messageId, FuzzSources.NOW));
                case 1 -> FuzzSources.signedHeaders(signAs.name(), signed, messageId, FuzzSources.NOW)
                        .forEach((name, value) -> headers.put(name.toUpperCase(Locale.ROOT), value));
                case 2 -> headers.putAll(
                        FuzzSources.signedHeaders(signAs.name(), signed, messageId, FuzzSources.NOW.minusSeconds(301)));
                default -> headers.putAll(fuzzedHeaders);
            }
            if (contentType < CONTENT_TYPES.size()) {
                headers.put("Content-Type", CONTENT_TYPES.get(contentType));
            } else if (fuzzedContentType != null) {
                headers.put("content-type", fuzzedContentType);
            }

            var answer = check(intake, sourceName, headers, body, encoding != 0);
            if (answer.status() == 401 && signing <= 1 && encoding <= 1 && sourceChoice <= 5 && signAs.signsRequests()
                    && !FuzzSources.refusedForSignedTime(signAs, answer.body())) {
                throw new AssertionError("refused the survey app's own signature: " + answer.body());
            }
            if (retry && i == deliveries.size() - 1 && answer.status() == 202) {
                var again = check(intake, sourceName, headers, body, encoding != 0);
                if (again.status() != 200 || !again.body().contains("\"duplicate\":true")) {
                    throw new AssertionError("a retry of an accepted delivery answered " + again.status() + " " + again.body());
                }
            }
        }
    }

    /** What the checks read of an answer. */
    private record Reply(int status, String body) {}

    private static Reply check(WebhookReceiver intake, String source, Map<String, String> headers, String body, boolean base64) {
        var answer = intake.handle(source, headers, body, base64);
        if (!ANSWERS.contains(answer.status())) {
            throw new AssertionError("answered " + answer.status() + " (" + answer.failure() + "): " + answer.body());
        }
        if (answer.failure() != null) {
            throw new AssertionError("answered " + answer.status() + " over a failure: " + answer.failure());
        }
        if (answer.status() >= 400 && answer.status() != 404 && FuzzSources.quotesMarker(answer.body())) {
            throw new AssertionError("a " + answer.status() + " quoted the input: " + answer.body());
        }
        return new Reply(answer.status(), answer.body());
    }

    /** A fresh intake per input, so a finding replays alone; budgets on, to reach the charging path. */
    private static WebhookReceiver intake() {
        var clock = Clock.fixed(FuzzSources.NOW, ZoneOffset.UTC);
        var budget = new Budget(new BigDecimal("500"), new BigDecimal("5000"), 20);
        var responses = new ResponseIntake(
                new RationedPolicy(PolicySettings.DEFAULTS), new Budgets(budget, budget), ValueTiers.DEFAULT,
                new InMemoryResponseStore(), clock);
        var sources = new ArrayList<WebhookSource>(FuzzSources.ALL);
        sources.addAll(FuzzSources.FETCHING);
        return new WebhookReceiver(sources, FuzzSources.secrets(), responses, new InMemoryFetchQueue(), MAX_BODY_BYTES, clock);
    }

    private static List<byte[]> split(byte[] input) {
        var parts = new ArrayList<byte[]>();
        int start = 0;
        for (int i = 0; i + SEPARATOR.length <= input.length && parts.size() < 2; i++) {
            if (Arrays.equals(input, i, i + SEPARATOR.length, SEPARATOR, 0, SEPARATOR.length)) {
                parts.add(Arrays.copyOfRange(input, start, i));
                start = i + SEPARATOR.length;
                i = start - 1;
            }
        }
        parts.add(Arrays.copyOfRange(input, start, input.length));
        return parts;
    }
}
