package io.npsloop.cases.desk;

import io.npsloop.http.Answer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The frame of every page under /desk: server-rendered HTML, no script, no third-party asset. The
 * one stylesheet is embedded and allowed by its hash, so the Content-Security-Policy can forbid
 * every script, inline or not, and every other source.
 */
public final class DeskHtml {

    private DeskHtml() {}

    static final String CSS = String.join("",
            ":root{color-scheme:light dark;font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;line-height:1.5}",
            "body{margin:0;padding:1rem}",
            "main{max-width:40rem;margin:0 auto}",
            "h1{font-size:1.35rem;margin:.25rem 0 1rem}",
            "dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.25rem 1rem;margin:0 0 1.25rem}",
            "dt{font-weight:600}",
            "dd{margin:0;overflow-wrap:anywhere;white-space:pre-wrap}",
            "@media (max-width:30rem){dl{grid-template-columns:minmax(0,1fr)}dd{margin-bottom:.5rem}}",
            ".notice{padding:.75rem 1rem;margin:0 0 1.25rem;border-left:.3rem solid #1a73e8;background:rgba(26,115,232,.1)}",
            ".refused{border-left-color:#c5221f;background:rgba(197,34,31,.1)}",
            ".done{border-left-color:#188038;background:rgba(24,128,56,.1)}",
            "button{font:inherit;font-size:1.1rem;min-height:2.75rem;width:100%;max-width:24rem;padding:.6rem 1.25rem;",
            "border:0;border-radius:.4rem;background:#1a73e8;color:#fff;cursor:pointer}",
            "label{display:block;margin:.75rem 0 .25rem}",
            // Fields as wide and tall as the button: a thumb finds them on a phone.
            "input{font:inherit;box-sizing:border-box;width:100%;max-width:24rem;min-height:2.75rem;padding:.4rem .6rem;",
            "border:1px solid #888;border-radius:.4rem;margin-bottom:.5rem}",
            "textarea{font:inherit;box-sizing:border-box;width:100%;max-width:24rem;min-height:5rem;padding:.4rem .6rem;",
            "border:1px solid #888;border-radius:.4rem;margin-bottom:.5rem}",
            "fieldset{border:1px solid #888;border-radius:.4rem;margin:0 0 1rem;padding:.25rem 1rem .75rem;min-width:0}",
            "legend{font-weight:600;padding:0 .25rem}",
            // A checkbox's whole line is its target, 44 px high at least.
            ".check{display:flex;align-items:center;gap:.75rem;min-height:2.75rem;margin:.5rem 0}",
            ".check input{width:1.5rem;height:1.5rem;min-height:0;margin:0;flex:none}",
            ".error{color:#c5221f;margin:0 0 .5rem;font-weight:600}",
            // Off-screen, not display:none: bots skip hidden fields, people never reach this one.
            ".trap{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}",
            "button:focus,a:focus,input:focus,textarea:focus{outline:3px solid #e37400;outline-offset:3px}",
            "small{display:block;margin-top:1rem;opacity:.8}");

    /** Nothing but the hashed stylesheet, forms posting back here, and no framing. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '" + sha256(CSS) + "'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** Every page's headers: nothing cached or sent on, nothing sniffed. */
    public static final Map<String, String> HEADERS = headers();

    private static Map<String, String> headers() {
        var headers = new LinkedHashMap<String, String>();
        headers.put("content-type", "text/html; charset=utf-8");
        headers.put("content-security-policy", CONTENT_SECURITY_POLICY);
        headers.put("x-content-type-options", "nosniff");
        headers.put("referrer-policy", "no-referrer");
        headers.put("cache-control", "no-store");
        // Links that carry a token are nobody's to index.
        headers.put("x-robots-tag", "noindex, nofollow");
        return Map.copyOf(headers);
    }

    /** A whole page; {@code body} is HTML already escaped where it holds data. */
    public static Answer page(int status, String outcome, String language, String title, String body) {
        var html = "<!doctype html>\n<html lang=\"" + escape(language) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"referrer\" content=\"no-referrer\">\n"
                + "<title>" + escape(title) + "</title>\n<style>" + CSS + "</style>\n</head>\n<body>\n<main>\n"
                + "<h1>" + escape(title) + "</h1>\n" + body + "</main>\n</body>\n</html>\n";
        return new Answer(status, HEADERS, html, outcome, null);
    }

    /** Text as HTML text or attribute value: whatever a respondent wrote stays text. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String sha256(String text) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
