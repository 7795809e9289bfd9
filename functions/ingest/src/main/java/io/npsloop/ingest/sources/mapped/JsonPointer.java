package io.npsloop.ingest.sources.mapped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An RFC 6901 JSON Pointer, e.g. {@code /data/fields/0/value}, resolved against a parsed body. */
public record JsonPointer(String text, List<String> tokens) {

    public JsonPointer {
        tokens = List.copyOf(tokens);
    }

    /** Throws IllegalArgumentException when {@code text} is not a JSON Pointer. */
    public static JsonPointer parse(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("\"" + text + "\" is not a JSON Pointer: it must start with /");
        }
        var tokens = new ArrayList<String>();
        for (var raw : text.substring(1).split("/", -1)) {
            if (raw.matches(".*~([^01]|$).*")) {
                throw new IllegalArgumentException("\"" + text + "\" is not a JSON Pointer: ~ must be followed by 0 or 1");
            }
            tokens.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return new JsonPointer(text, tokens);
    }

    /** The value it points at, or null when any step is missing. */
    public Object resolve(Object root) {
        var current = root;
        for (var token : tokens) {
            if (current instanceof Map<?, ?> object) {
                current = object.get(token);
            } else if (current instanceof List<?> array && token.matches("0|[1-9][0-9]{0,8}")) {
                int index = Integer.parseInt(token);
                current = index < array.size() ? array.get(index) : null;
            } else {
                return null;
            }
        }
        return current;
    }

    @Override
    public String toString() {
        return text;
    }
}
