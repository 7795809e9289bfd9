package io.npsloop.observe;

import java.util.Map;

/**
 * One log event as one JSON object on one line, written by hand: Powertools' logging would add
 * log4j to every jar and its start-up to every cold start, for what a few lines do here.
 */
public final class JsonLine {

    private final StringBuilder out = new StringBuilder(256).append('{');
    private boolean first = true;

    public JsonLine field(String name, Object value) {
        if (value == null) {
            return this;
        }
        if (!first) {
            out.append(',');
        }
        first = false;
        string(name);
        out.append(':');
        if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean firstEntry = true;
            for (var entry : map.entrySet()) {
                if (!firstEntry) {
                    out.append(',');
                }
                firstEntry = false;
                string(String.valueOf(entry.getKey()));
                out.append(':');
                raw(entry.getValue());
            }
            out.append('}');
        } else if (value instanceof Raw raw) {
            out.append(raw.json());
        } else {
            string(value.toString());
        }
        return this;
    }

    private void raw(Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Raw raw) {
            out.append(raw.json());
        } else {
            string(String.valueOf(value));
        }
    }

    /** JSON already written, e.g. the EMF metadata. */
    public record Raw(String json) {}

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out + "}";
    }
}
