package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.config.Origin;
import io.npsloop.config.Reader;
import io.npsloop.config.Setting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml against the settings catalogue: each function gets exactly the variables the
 * catalogue says it reads, from the declared parameter with the declared default, and every
 * parameter is either a setting's or one of the documented others, in one console group.
 */
class TemplateSettingsTest {

    private static Map<String, Object> parameters;
    /** Variable -> function -> its value in the template, Globals included. */
    private static final Map<String, Map<String, Object>> environment = new TreeMap<>();
    private static Map<String, Object> metadata;

    @BeforeAll
    static void read() {
        Map<String, Object> template = CloudFormationYaml.template();
        parameters = map(template.get("Parameters"));
        metadata = map(template.getOrDefault("Metadata", Map.of()));
        var globals = variables(map(map(template.get("Globals")).get("Function")));
        map(template.get("Resources")).forEach((id, resource) -> {
            if ("AWS::Serverless::Function".equals(map(resource).get("Type"))) {
                var own = new LinkedHashMap<>(globals);
                own.putAll(variables(map(map(resource).get("Properties"))));
                own.forEach((variable, value) -> environment.computeIfAbsent(variable, v -> new TreeMap<>()).put(id, value));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static Map<String, Object> variables(Map<String, Object> properties) {
        return map(map(properties.get("Environment")).get("Variables"));
    }

    private static Set<String> functionsReading(Setting setting) {
        return setting.readBy().stream().filter(Reader::inTemplate).map(Reader::id).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyVariableTheTemplateSetsIsInTheCatalogue() {
        var unknown = environment.keySet().stream()
                .filter(variable -> SettingsCatalogue.all().stream().noneMatch(setting -> setting.names(variable)))
                .toList();
        assertThat(unknown).as("variables set in template.yaml but not declared in the settings catalogue").isEmpty();
    }

    @Test
    void eachFunctionGetsExactlyTheVariablesItReads() {
        var wrong = new ArrayList<String>();
        for (var setting : SettingsCatalogue.all()) {
            var setBy = setting.origin() instanceof Origin.Parameter || setting.origin() instanceof Origin.Template;
            var expected = setBy ? functionsReading(setting) : Set.<String>of();
            var actual = new TreeSet<>(environment.getOrDefault(setting.variable(), Map.of()).keySet());
            if (!actual.equals(expected)) {
                wrong.add(setting.variable() + ": template gives it to " + actual + ", the catalogue says " + expected);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void settingsComeFromTheirParameterWithTheCataloguesDefault() {
        var wrong = new ArrayList<String>();
        for (var setting : SettingsCatalogue.all()) {
            if (!(setting.origin() instanceof Origin.Parameter parameter)) {
                continue;
            }
            if (!parameters.containsKey(parameter.name())) {
                wrong.add(setting.variable() + ": no parameter " + parameter.name());
                continue;
            }
            var declared = map(parameters.get(parameter.name()));
            var templateDefault = String.valueOf(declared.getOrDefault("Default", ""));
            if (parameter.index() >= 0) {
                assertThat(declared.get("Type")).as(parameter.name()).isEqualTo("CommaDelimitedList");
                var items = templateDefault.split(",", -1);
                templateDefault = parameter.index() < items.length ? items[parameter.index()] : "<none>";
            }
            var expected = parameter.deployedDefault() != null ? parameter.deployedDefault()
                    : setting.defaultValue() == null ? "" : setting.defaultValue();
            if (!templateDefault.equals(expected)) {
                wrong.add(setting.variable() + ": " + parameter.name() + " defaults to '" + templateDefault + "', the catalogue to '"
                        + expected + "'");
            }
            var reference = parameter.index() < 0 ? (Object) Map.of("Ref", parameter.name())
                    : Map.of("Fn::Select", List.of(parameter.index(), Map.of("Ref", parameter.name())));
            environment.getOrDefault(setting.variable(), Map.of()).forEach((function, value) -> {
                if (!value.equals(reference)) {
                    wrong.add(setting.variable() + " in " + function + " is " + value + ", not " + reference);
                }
            });
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyParameterIsASettingsOrADocumentedOther() {
        var ofSettings = SettingsCatalogue.all().stream()
                .filter(setting -> setting.origin() instanceof Origin.Parameter)
                .map(setting -> ((Origin.Parameter) setting.origin()).name())
                .collect(Collectors.toSet());
        var others = new HashMap<String, String>();
        SettingsCatalogue.TEMPLATE_PARAMETERS.forEach(p -> others.put(p.name(), p.defaultValue()));
        assertThat(others.keySet()).as("parameters listed as not settings but read by a setting").doesNotContainAnyElementsOf(ofSettings);
        var unknown = new ArrayList<String>();
        parameters.forEach((name, declared) -> {
            if (ofSettings.contains(name)) {
                return;
            }
            if (!others.containsKey(name)) {
                unknown.add(name + " is neither a setting's parameter nor in SettingsCatalogue.TEMPLATE_PARAMETERS");
            } else if (!String.valueOf(map(declared).getOrDefault("Default", "")).equals(others.get(name))) {
                unknown.add(name + " defaults to '" + map(declared).get("Default") + "', the catalogue to '" + others.get(name) + "'");
            }
        });
        others.keySet().stream().filter(name -> !parameters.containsKey(name))
                .forEach(name -> unknown.add(name + " is listed in SettingsCatalogue.TEMPLATE_PARAMETERS but not in the template"));
        assertThat(unknown).isEmpty();
    }

    @Test
    void everyParameterIsInExactlyOneConsoleGroup() {
        var face = map(metadata.get("AWS::CloudFormation::Interface"));
        var groups = face.get("ParameterGroups");
        assertThat(groups).as("Metadata: AWS::CloudFormation::Interface: ParameterGroups").isInstanceOf(List.class);
        var count = new TreeMap<String, Integer>();
        for (var group : (List<?>) groups) {
            var label = map(map(group).get("Label")).get("default");
            assertThat(label).as("a group's label").isNotNull();
            @SuppressWarnings("unchecked")
            var names = (List<String>) map(group).get("Parameters");
            names.forEach(name -> count.merge(name, 1, Integer::sum));
        }
        var wrong = new ArrayList<String>();
        parameters.keySet().forEach(name -> {
            if (count.getOrDefault(name, 0) != 1) {
                wrong.add(name + " is in " + count.getOrDefault(name, 0) + " groups");
            }
        });
        count.keySet().stream().filter(name -> !parameters.containsKey(name)).forEach(name -> wrong.add(name + " is grouped but not declared"));
        map(face.get("ParameterLabels")).keySet().stream().filter(name -> !parameters.containsKey(name))
                .forEach(name -> wrong.add(name + " is labelled but not declared"));
        assertThat(wrong).isEmpty();
    }
}
