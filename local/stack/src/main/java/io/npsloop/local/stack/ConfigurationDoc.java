package io.npsloop.local.stack;

import io.npsloop.config.Area;
import io.npsloop.config.Origin;
import io.npsloop.config.Reader;
import io.npsloop.config.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/** Writes docs/configuration.md from the settings catalogue: {@code java ... ConfigurationDoc [path]}. */
public final class ConfigurationDoc {

    static final String REGENERATE = "./mvnw -B -o -q -pl local/stack -am verify -Dfuzz.skip=true -DskipITs "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dtest=ConfigurationDocTest -Dconfiguration.write=true";

    private ConfigurationDoc() {}

    public static void main(String[] args) throws IOException {
        var path = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
        Files.writeString(path, render());
        System.out.println("wrote " + path);
    }

    public static String render() {
        var out = new StringBuilder();
        out.append("# Configuration\n\n")
                .append("Each function reads its configuration from environment variables, which `template.yaml` sets from its\n")
                .append("parameters. A bad value stops the function at start-up with a message naming the variable.\n\n")
                .append("This page is generated from the settings catalogue (`SettingsCatalogue` in `local/stack`, which lists\n")
                .append("the classes declaring each module's settings); a test fails when it differs. After changing a setting, run\n\n")
                .append("    ").append(REGENERATE).append("\n\n")
                .append("\"Read by\" names the template's functions; the template gives each variable to exactly those.\n");
        var settings = SettingsCatalogue.all();
        for (var area : Area.values()) {
            var inArea = settings.stream().filter(s -> s.area() == area).toList();
            if (inArea.isEmpty()) {
                continue;
            }
            out.append("\n## ").append(area.title()).append("\n\n")
                    .append("| Variable | Template parameter | Default | Read by | Meaning |\n")
                    .append("|---|---|---|---|---|\n");
            for (var setting : inArea) {
                out.append("| `").append(setting.variable()).append("` | ")
                        .append(parameter(setting.origin())).append(" | ")
                        .append(defaultOf(setting)).append(" | ")
                        .append(readers(setting)).append(" | ")
                        .append(cell(setting.meaning())).append(' ')
                        .append(capitalised(setting.kind().description())).append(". |\n");
            }
        }
        out.append("\n## Template parameters that are not function settings\n\n")
                .append("They shape the stack's resources (subscriptions, schedules, throttling, keys, alarms, logs); no function reads them.\n\n")
                .append("| Parameter | Default | Meaning |\n")
                .append("|---|---|---|\n");
        for (var parameter : SettingsCatalogue.TEMPLATE_PARAMETERS) {
            out.append("| `").append(parameter.name()).append("` | ").append(text(parameter.defaultValue())).append(" | ")
                    .append(cell(parameter.meaning())).append(" |\n");
        }
        return out.toString();
    }

    private static String parameter(Origin origin) {
        if (origin instanceof Origin.Parameter p) {
            return "`" + p.name() + "`" + (p.index() < 0 ? "" : " item " + (p.index() + 1));
        }
        if (origin instanceof Origin.Template t) {
            return "set by the template: `" + t.value() + "`";
        }
        return origin instanceof Origin.Runtime ? "set by Lambda" : "";
    }

    private static String defaultOf(Setting setting) {
        if (setting.defaultValue() != null) {
            return text(setting.defaultValue());
        }
        if (setting.origin() instanceof Origin.Parameter p && p.deployedDefault() != null) {
            return "unset (template: " + text(p.deployedDefault()) + ")";
        }
        return setting.origin() instanceof Origin.Template ? "(required)" : "unset";
    }

    private static String text(String value) {
        return value.isEmpty() ? "empty" : "`" + value + "`";
    }

    private static String readers(Setting setting) {
        if (setting.readBy().equals(Reader.functions())) {
            return "every function";
        }
        return setting.readBy().stream().sorted().map(Reader::id).collect(Collectors.joining(", "));
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static String capitalised(String text) {
        return text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }
}
