package io.npsloop.config;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One environment variable a function reads, declared once: its name, where the template takes it
 * from, its default (null: unset or required), who reads it, the kind of value and what it means.
 * Functions read it through {@link Settings}; docs/configuration.md and the template's checks are
 * made from the same declaration.
 *
 * <p>A family such as {@code WEBHOOK_SECRET_<SOURCE>} is declared once with its pattern;
 * {@link #member(String)} names one of its variables.
 */
public record Setting(
        Area area, String variable, Kind kind, String defaultValue, Origin origin, Set<Reader> readBy, String meaning) {

    public Setting {
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(origin, "origin");
        readBy = readBy.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(readBy));
        Objects.requireNonNull(meaning, "meaning");
    }

    /** A setting with no default, not set by the template, read by nobody yet: complete it with the withers below. */
    public static Setting of(Area area, String variable, Kind kind) {
        return new Setting(area, variable, kind, null, new Origin.Unset(), Set.of(), "");
    }

    public Setting byDefault(String value) {
        return new Setting(area, variable, kind, value, origin, readBy, meaning);
    }

    /** Set by the template from this parameter. */
    public Setting parameter(String name) {
        return from(new Origin.Parameter(name, -1, null));
    }

    /** Set by the template from the element at {@code index} of this CommaDelimitedList parameter. */
    public Setting parameter(String name, int index) {
        return from(new Origin.Parameter(name, index, null));
    }

    /**
     * The template parameter's Default, where a deployment should start from another value than the
     * code's (e.g. secrets from SSM, where the code alone reads none).
     */
    public Setting deployedWith(String parameterDefault) {
        if (!(origin instanceof Origin.Parameter p)) {
            throw new IllegalStateException(variable + " is not set from a template parameter");
        }
        return from(new Origin.Parameter(p.name(), p.index(), parameterDefault));
    }

    public Setting from(Origin value) {
        return new Setting(area, variable, kind, defaultValue, value, readBy, meaning);
    }

    public Setting readBy(Reader first, Reader... more) {
        var readers = EnumSet.of(first, more);
        return new Setting(area, variable, kind, defaultValue, origin, readers, meaning);
    }

    public Setting readBy(Set<Reader> readers) {
        return new Setting(area, variable, kind, defaultValue, origin, readers, meaning);
    }

    public Setting means(String text) {
        return new Setting(area, variable, kind, defaultValue, origin, readBy, text);
    }

    /** Whether this declares a family of variables, e.g. {@code WEBHOOK_SECRET_<SOURCE>}. */
    public boolean family() {
        return variable.contains("<");
    }

    /** One variable of a family: {@code WEBHOOK_SECRET_<SOURCE>} with {@code surveymonkey-api-token} is WEBHOOK_SECRET_SURVEYMONKEY_API_TOKEN. */
    public Setting member(String name) {
        if (!family()) {
            throw new IllegalStateException(variable + " is not a family of variables");
        }
        var prefix = variable.substring(0, variable.indexOf('<'));
        var member = prefix + name.toUpperCase(Locale.ROOT).replace('-', '_');
        return new Setting(area, member, kind, defaultValue, origin, readBy, meaning);
    }

    /** Whether {@code name} is this variable or, for a family, one of its variables. */
    public boolean names(String name) {
        return family() ? name.startsWith(variable.substring(0, variable.indexOf('<'))) : variable.equals(name);
    }

    /** The settings a catalogue class declares as public constants, in their order. */
    public static List<Setting> declaredIn(Class<?> catalogue) {
        var settings = new ArrayList<Setting>();
        for (var field : catalogue.getFields()) {
            if (field.getType() == Setting.class && Modifier.isStatic(field.getModifiers())) {
                try {
                    settings.add((Setting) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return List.copyOf(settings);
    }
}
