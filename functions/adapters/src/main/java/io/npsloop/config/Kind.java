package io.npsloop.config;

/** The kind of value a setting takes, as the documentation states it. */
public enum Kind {
    TEXT("text"),
    LIST("comma-separated list"),
    URL("URL, http or https"),
    POSITIVE_INT("whole number, 1 or more"),
    SECONDS("whole seconds, 1 or more"),
    MILLIS("whole milliseconds, 1 or more"),
    HOURS("whole hours, 1 or more"),
    DAYS("whole days, 1 or more"),
    DAYS_OR_ZERO("whole days, 0 or more"),
    PERCENT("percentage from 0 to 100, decimals allowed"),
    WHOLE_PERCENT("whole percentage"),
    AMOUNT("number, 0 or more"),
    SHARE("share from 0 to 1"),
    FLAG("true or false"),
    SECRET("secret text");

    private final String description;

    Kind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
