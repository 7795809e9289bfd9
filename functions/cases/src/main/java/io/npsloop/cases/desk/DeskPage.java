package io.npsloop.cases.desk;

import io.npsloop.config.DeskSettings;
import io.npsloop.config.Settings;
import io.npsloop.http.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The desk's page: a shell at {@code /desk/} and its first-party files under
 * {@code /desk/assets/<name>.<hash>.<ext>}, read once from the jar. The shell is never cached, so
 * a deploy is seen at the next load; a file's name changes with its content, so it is cached for
 * good. Served from the same origin as the desk's JSON routes: no CORS, no cookies.
 */
public final class DeskPage {

    public static final String PATH = "/desk/";
    public static final String ASSETS = "/desk/assets/";
    /** The page's files as index.html names them, relative to the shell. */
    static final Map<String, String> FILES = Map.of("desk.js", "text/javascript; charset=utf-8", "desk.css", "text/css; charset=utf-8");
    /** A year, and never revalidated: the name is the version. */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private record Asset(String contentType, String body) {}

    private final Map<String, Asset> assets;
    private final String shell;
    private final Map<String, String> shellHeaders;

    public DeskPage(Settings settings) {
        this(settings.optional(DeskSettings.DESK_TOKEN_URL).orElse(null));
    }

    /** @param tokenUrl where the page exchanges codes for tokens; its origin is the one other the page may call */
    public DeskPage(String tokenUrl) {
        var byName = new LinkedHashMap<String, Asset>();
        var html = read("index.html");
        for (var file : FILES.entrySet()) {
            var body = read(file.getKey());
            var dot = file.getKey().lastIndexOf('.');
            var hashed = file.getKey().substring(0, dot) + "." + hash(body) + file.getKey().substring(dot);
            byName.put(hashed, new Asset(file.getValue(), body));
            html = html.replace("\"assets/" + file.getKey() + "\"", "\"assets/" + hashed + "\"");
        }
        this.assets = Map.copyOf(byName);
        this.shell = html;
        var headers = new LinkedHashMap<>(DeskHtml.HEADERS);
        headers.put("content-security-policy", contentSecurityPolicy(tokenUrl));
        this.shellHeaders = Map.copyOf(headers);
    }

    /**
     * Scripts and styles from this origin only, none inline; calls to this origin and the token
     * endpoint's (Cognito's domain in AWS), nowhere else.
     */
    static String contentSecurityPolicy(String tokenUrl) {
        var origin = origin(tokenUrl);
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'"
                + (origin == null ? "" : " " + origin)
                + "; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    private static String origin(String url) {
        if (url == null) {
            return null;
        }
        try {
            var uri = URI.create(url.strip());
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                return null;
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code GET /desk/}: the shell, for every view (they are hash routes) and for the sign-in's return. */
    public Answer shell() {
        return new Answer(200, shellHeaders, shell, "page", null);
    }

    /** {@code GET /desk}: relative, so it lands on the shell wherever the API is mounted. */
    public Answer redirect() {
        return new Answer(308, Map.of("location", "desk/", "cache-control", "no-store"), "", "redirected", null);
    }

    /** {@code GET /desk/assets/{asset}}: a file by its hashed name; an old or made-up name is 404. */
    public Answer asset(String name) {
        var asset = name == null ? null : assets.get(name);
        if (asset == null) {
            return Answer.problem(404, "unknown-asset", "No such file.");
        }
        return new Answer(200, Map.of("content-type", asset.contentType(), "cache-control", IMMUTABLE, "x-content-type-options", "nosniff"),
                asset.body(), "asset", null);
    }

    /** The hashed names served, e.g. {@code desk.3f2a….js}. */
    public Set<String> assetNames() {
        return assets.keySet();
    }

    private static String read(String name) {
        try (var in = DeskPage.class.getResourceAsStream("/desk/" + name)) {
            if (in == null) {
                throw new IllegalStateException("desk/" + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first 16 hex digits of the SHA-256 of the content. */
    private static String hash(String body) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
