package io.npsloop.http;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the webhook endpoint answers: a status, headers and a JSON body. Errors are RFC 9457
 * problem details with the fields to fix in {@code errors}.
 *
 * @param outcome a word for the logs and metrics, e.g. {@code accepted}, {@code duplicate}
 * @param failure for the logs only: what failed inside, if anything; never sent to the caller
 */
public record Answer(int status, Map<String, String> headers, String body, String outcome, String failure) {

    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(200, "OK"), Map.entry(202, "Accepted"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(409, "Conflict"), Map.entry(413, "Content Too Large"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(500, "Internal Server Error"), Map.entry(503, "Service Unavailable"));

    public static Answer json(int status, String outcome, Map<String, ?> body) {
        return new Answer(status, Map.of("content-type", "application/json"), write(body), outcome, null);
    }

    public static Answer problem(int status, String outcome, String detail) {
        return problem(status, outcome, detail, List.of());
    }

    public static Answer problem(int status, String outcome, String detail, List<Map<String, String>> errors) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "about:blank");
        body.put("title", TITLES.getOrDefault(status, "Error"));
        body.put("status", status);
        body.put("detail", detail);
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        var headers = new LinkedHashMap<String, String>();
        headers.put("content-type", "application/problem+json");
        if (status == 503) {
            headers.put("retry-after", "30");
        }
        return new Answer(status, Map.copyOf(headers), write(body), outcome, null);
    }

    /** The same answer, noting for the logs what failed. */
    public Answer withFailure(String what, RuntimeException e) {
        return new Answer(status, headers, body, outcome, what + ": " + describe(e));
    }

    /** The exception's type, and its message only where it cannot quote the webhook's content. */
    private static String describe(RuntimeException e) {
        var type = e.getClass().getSimpleName();
        return type.endsWith("Exception") && e.getClass().getName().startsWith("software.amazon.awssdk.")
                ? type + " " + e.getMessage()
                : type;
    }

    /** Writes null members too: a figure that cannot be computed is there, as null, not missing. */
    public static final JSON WRITER = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private static String write(Object body) {
        try {
            return WRITER.asString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
