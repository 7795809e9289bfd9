package io.npsloop.ingest.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.npsloop.ingest.sources.FetchingSource;
import io.npsloop.ingest.sources.InvalidPayloadException;
import io.npsloop.ingest.sources.ResponseNotice;
import io.npsloop.ingest.sources.UpdatingSource;
import io.npsloop.ingest.sources.WebhookRequest;
import io.npsloop.ingest.sources.WebhookSource;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Every source's {@code parse} (and {@code isUpdate}, which intake calls next) on any bytes: a
 * response, nothing, or an {@link InvalidPayloadException} whose violations name fields without
 * quoting the body. Anything else thrown is a finding. The sources that fetch from an API read two
 * bodies instead, the webhook's notice and the API's answer, and both are fuzzed. One target for
 * all sources, since each fuzzed target costs a JVM of its own; seeds are every sample in
 * events/webhooks and events/api.
 */
class ParseFuzzTest {

    private static final byte[] MARKER = FuzzSources.MARKER.getBytes(StandardCharsets.UTF_8);

    @Timeout(5)
    @DictionaryFile(resourcePath = "webhooks.dict")
    @FuzzTest
    void parse(byte[] body) {
        // The marker goes inside a string or at any offset; the choice follows from the body, so a finding replays.
        int hash = Arrays.hashCode(body) & Integer.MAX_VALUE;
        var marked = hash % 2 == 0 ? insertInString(body, hash) : insert(body, hash % (body.length + 1));
        for (var source : FuzzSources.ALL) {
            parse(source, body);
            parse(source, marked);
        }
        for (var source : FuzzSources.FETCHING) {
            read(source, body);
            read(source, marked);
        }
    }

    /** A fetching source reads two untrusted bodies: the webhook's notice, and the API's answer. */
    private static void read(FetchingSource source, byte[] body) {
        var request = new WebhookRequest(Map.of("content-type", "application/json"), body);
        try {
            var notice = source.notice(request);
            if (notice.isPresent() && !notice.get().responseId().matches("[A-Za-z0-9_-]+")) {
                throw new AssertionError(source.name() + " let an id through that could leave the API's URL path");
            }
        } catch (InvalidPayloadException e) {
            checkQuotesNothing(source, e);
        }
        try {
            var response = source.read(NOTICES.get(source.name()), body);
            if (!response.key().source().equals(source.name())) {
                throw new AssertionError(source.name() + " keyed a response under " + response.key().source());
            }
        } catch (InvalidPayloadException e) {
            checkQuotesNothing(source, e);
        }
    }

    private static final Map<String, ResponseNotice> NOTICES = Map.of(
            "surveymonkey", new ResponseNotice("surveymonkey", "412785930", "118462093571", null, null),
            "qualtrics", new ResponseNotice("qualtrics", "SV_3kPqW8zYx1bN5Tf", "R_2VbQ9xLm4KpT7sD", null, null));

    private static void parse(WebhookSource source, byte[] body) {
        var request = new WebhookRequest(Map.of("content-type", "application/json"), body);
        try {
            var parsed = source.parse(request);
            if (parsed.isPresent() && !parsed.get().key().source().equals(source.name())) {
                throw new AssertionError(source.name() + " keyed a response under " + parsed.get().key().source());
            }
        } catch (InvalidPayloadException e) {
            checkQuotesNothing(source, e);
        }
        if (source instanceof UpdatingSource updating) {
            try {
                updating.isUpdate(request);
            } catch (InvalidPayloadException e) {
                checkQuotesNothing(source, e);
            }
        }
    }

    private static void checkQuotesNothing(WebhookSource source, InvalidPayloadException e) {
        if (e.violations().isEmpty()) {
            throw new AssertionError(source.name() + " rejected a body without saying why");
        }
        if (FuzzSources.quotesMarker(e.getMessage())) {
            throw new AssertionError(source.name() + " quoted the body in its exception message: " + e.getMessage());
        }
        for (var violation : e.violations()) {
            if (violation.field() == null || violation.message() == null) {
                throw new AssertionError(source.name() + " reported an empty violation: " + violation);
            }
            if (FuzzSources.quotesMarker(violation.field()) || FuzzSources.quotesMarker(violation.message())) {
                throw new AssertionError(source.name() + " quoted the body in a violation: " + violation);
            }
        }
    }

    /** Right after one of the body's double quotes, picked by {@code hash}; else at the start. */
    private static byte[] insertInString(byte[] body, int hash) {
        int quotes = 0;
        for (byte b : body) {
            quotes += b == '"' ? 1 : 0;
        }
        if (quotes == 0) {
            return insert(body, 0);
        }
        int wanted = hash % quotes;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '"' && wanted-- == 0) {
                return insert(body, i + 1);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static byte[] insert(byte[] body, int at) {
        var joined = new byte[body.length + MARKER.length];
        System.arraycopy(body, 0, joined, 0, at);
        System.arraycopy(MARKER, 0, joined, at, MARKER.length);
        System.arraycopy(body, at, joined, at + MARKER.length, body.length - at);
        return joined;
    }
}
