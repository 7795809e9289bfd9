package io.npsloop.ingest.fetch;

import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.ingest.WebhookSecrets;
import io.npsloop.ingest.sources.ApiReader;
import io.npsloop.ingest.sources.FetchingSource;
import io.npsloop.ingest.sources.InvalidPayloadException;
import io.npsloop.ingest.sources.ResponseNotice;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Reads responses over HTTPS from each tool's API with the JDK's client: the source says where and
 * how to authenticate, the token comes from the secret store, and every HTTP outcome is sorted into
 * worth retrying or not.
 */
public final class HttpResponseFetcher implements ResponseFetcher {

    /** Larger API answers are refused rather than read into memory. */
    public static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    private final Map<String, FetchingSource> sources;
    private final Map<String, URI> baseUrls;
    private final WebhookSecrets tokens;
    private final HttpClient client;
    private final Duration timeout;

    /**
     * @param baseUrls per source name; a source without one cannot be fetched until it is set
     */
    public HttpResponseFetcher(List<FetchingSource> sources, Map<String, URI> baseUrls, WebhookSecrets tokens, Duration timeout) {
        this.sources = sources.stream().collect(Collectors.toUnmodifiableMap(FetchingSource::name, s -> s));
        this.baseUrls = Map.copyOf(baseUrls);
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public SurveyResponse fetch(ResponseNotice notice) throws FetchFailure {
        var source = sources.get(notice.source());
        if (source == null) {
            throw FetchFailure.lasting("no API is known for the source " + notice.source());
        }
        var base = baseUrls.get(source.name());
        if (base == null) {
            throw FetchFailure.lasting("the " + source.name() + " API base URL is not set");
        }
        String token;
        try {
            token = tokens.secretFor(source.tokenName()).orElse(null);
        } catch (RuntimeException e) {
            throw FetchFailure.temporary("the " + source.name() + " API token could not be read", null);
        }
        if (token == null || token.isBlank()) {
            throw FetchFailure.lasting("no " + source.name() + " API token is stored under " + source.tokenName());
        }
        var body = get(source, source.responseUri(base, notice), token);
        // Further reads (a survey's details) go through the same call, so their 429s and time-outs back off alike.
        var root = base.toString().replaceAll("/+$", "");
        ApiReader api = path -> {
            try {
                return get(source, URI.create(root + path), token);
            } catch (FetchFailure failure) {
                throw new FurtherReadFailed(failure);
            }
        };
        try {
            return source.read(notice, body, api);
        } catch (FurtherReadFailed e) {
            throw e.failure;
        } catch (InvalidPayloadException e) {
            var problems = new LinkedHashMap<String, String>();
            e.violations().forEach(v -> problems.putIfAbsent(v.field(), v.message()));
            throw FetchFailure.lasting("the response read from the " + source.name() + " API is not usable: "
                    + problems.entrySet().stream().map(p -> p.getKey() + " " + p.getValue()).collect(Collectors.joining("; ")));
        }
    }

    /** Carries a further read's failure through the source, which need not know of it. */
    private static final class FurtherReadFailed extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final transient FetchFailure failure;

        FurtherReadFailed(FetchFailure failure) {
            super(failure.reason(), null, false, false);
            this.failure = failure;
        }
    }

    /** The body of a 200 answer to GET {@code uri}; anything else sorted into worth retrying or not. */
    private byte[] get(FetchingSource source, URI uri, String token) throws FetchFailure {
        var request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        source.apiHeaders(token).forEach(request::header);
        HttpResponse<InputStream> response;
        byte[] body;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (var in = response.body()) {
                body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            }
        } catch (HttpTimeoutException e) {
            throw FetchFailure.temporary("the " + source.name() + " API did not answer within " + timeout.toSeconds() + " s", null);
        } catch (IOException e) {
            throw FetchFailure.temporary("the " + source.name() + " API could not be reached (" + e.getClass().getSimpleName() + ")", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw FetchFailure.temporary("interrupted while calling the " + source.name() + " API", null);
        }
        int status = response.statusCode();
        if (status == 429 || status == 408 || status >= 500) {
            throw FetchFailure.temporary("the " + source.name() + " API answered " + status,
                    retryAfter(response.headers().firstValue("retry-after").orElse(null)));
        }
        if (status != 200) {
            throw FetchFailure.lasting("the " + source.name() + " API answered " + status + hint(status));
        }
        if (body.length > MAX_RESPONSE_BYTES) {
            throw FetchFailure.lasting("the " + source.name() + " API's answer is larger than " + MAX_RESPONSE_BYTES + " bytes");
        }
        return body;
    }

    private static String hint(int status) {
        if (status == 401 || status == 403) {
            return ": the API token is wrong, expired or lacks the scope to read responses";
        }
        if (status == 404) {
            return ": no such survey or response (deleted, or the token belongs to another account)";
        }
        return "";
    }

    /** Seconds, as APIs send it; an HTTP date or nonsense is ignored. */
    static Duration retryAfter(String header) {
        if (header == null || !header.strip().matches("[0-9]{1,6}")) {
            return null;
        }
        return Duration.ofSeconds(Long.parseLong(header.strip()));
    }
}
