package io.npsloop.domain.cases;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key ring every signed link is signed with (action links, referral pages, the referral form's
 * render time): HMAC-SHA256 keys, each named by an id the token carries. The first key signs; every
 * key verifies, so a new key can be put first while links signed with the old one keep working
 * until it is taken out of the ring.
 *
 * <p>A token is {@code v1.<kid>.<payload>.<mac>}: the payload is base64url of a {@link Statement},
 * {@code <purpose>\n<epoch seconds>\n<case id>} (an action link's purpose is its step), the MAC is
 * base64url of HMAC-SHA256 over everything before it. URL-safe as it stands, 256 bits no one can
 * guess, and no other case's, step's or purpose's token can be made from it.
 */
public final class ActionLinkKeys {

    /** Why a token was refused. None of them says anything about a case. */
    public enum Refusal {
        /** Not a token at all, or cut short. */
        MALFORMED,
        /** Signed with a key that is no longer (or never was) in the ring. */
        UNKNOWN_KEY,
        /** Changed after it was signed. */
        BAD_SIGNATURE,
        /** Genuine, but past its expiry. */
        EXPIRED
    }

    /** The outcome of checking a token: the link it carries, or why it was refused. */
    public sealed interface Checked {}

    public record Valid(ActionLink link) implements Checked {}

    public record Refused(Refusal reason) implements Checked, Opened {}

    /**
     * What a token says, whatever it is for: its purpose (an action link's step, or another word no
     * step has), a time (an expiry, or when something was made) and the case it is about.
     */
    public record Statement(String purpose, Instant time, String caseId) {
        public Statement {
            if (purpose == null || !purpose.matches("[a-z-]{1,40}")) {
                throw new IllegalArgumentException("a purpose is 1 to 40 lower-case letters or '-'");
            }
            java.util.Objects.requireNonNull(time, "time");
            java.util.Objects.requireNonNull(caseId, "caseId");
        }
    }

    /** A token opened: the statement it carries, genuine and unchanged, or why it was refused. */
    public sealed interface Opened {}

    public record Genuine(Statement statement) implements Opened {}

    /** Shorter keys are refused: HMAC-SHA256 wants at least its own output size. */
    public static final int MIN_KEY_BYTES = 32;
    /** No link comes near this; anything longer is refused before any work. */
    static final int MAX_TOKEN_LENGTH = 1_200;
    private static final String VERSION = "v1";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final String signingId;
    private final Map<String, SecretKeySpec> keys;

    private ActionLinkKeys(Map<String, SecretKeySpec> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("an action link key ring needs at least one key");
        }
        this.keys = Map.copyOf(keys);
        this.signingId = keys.keySet().iterator().next();
    }

    /**
     * Reads a ring written one key a line as {@code <kid>=<base64 key>} (commas or spaces separate
     * keys too, for an environment variable); the first signs. Blank lines and {@code #} comments
     * are skipped. A mistake is named by its place and key id, never by the key.
     */
    public static ActionLinkKeys parse(String text) {
        var keys = new LinkedHashMap<String, SecretKeySpec>();
        int position = 0;
        for (var line : (text == null ? "" : text).split("\\R")) {
            var entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            for (var item : entry.split("[,\\s]+")) {
                position++;
                int eq = item.indexOf('=');
                var id = eq < 0 ? "" : item.substring(0, eq);
                if (!KEY_ID.matcher(id).matches()) {
                    throw new IllegalArgumentException("action link key " + position + " is not <kid>=<base64 key> with a kid of "
                            + "letters, digits, '-' or '_' (at most 32)");
                }
                byte[] secret;
                try {
                    secret = Base64.getDecoder().decode(item.substring(eq + 1).replace('-', '+').replace('_', '/'));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("action link key '" + id + "' is not base64");
                }
                if (secret.length < MIN_KEY_BYTES) {
                    throw new IllegalArgumentException("action link key '" + id + "' has " + secret.length + " bytes; at least "
                            + MIN_KEY_BYTES + " are needed");
                }
                if (keys.putIfAbsent(id, new SecretKeySpec(secret, "HmacSHA256")) != null) {
                    throw new IllegalArgumentException("action link key id '" + id + "' is in the ring twice");
                }
            }
        }
        return new ActionLinkKeys(keys);
    }

    /** The ids in the ring, the signing one first. */
    public List<String> ids() {
        var ids = new ArrayList<String>();
        ids.add(signingId);
        keys.keySet().stream().filter(id -> !id.equals(signingId)).sorted().forEach(ids::add);
        return ids;
    }

    /** The link as a token, signed with the ring's first key. */
    public String sign(ActionLink link) {
        return sign(new Statement(link.action().wireName(), link.expiresAt(), link.caseId()));
    }

    /** Any statement as a token, signed with the ring's first key; only whole seconds of its time are kept. */
    public String sign(Statement statement) {
        var payload = statement.purpose() + "\n" + statement.time().getEpochSecond() + "\n" + statement.caseId();
        var signed = VERSION + "." + signingId + "." + ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return signed + "." + ENCODER.encodeToString(mac(keys.get(signingId), signed));
    }

    /**
     * The link a token carries if it is well formed, signed by a key in the ring, unchanged, an
     * action link's and not expired at {@code now}.
     */
    public Checked check(String token, Instant now) {
        var opened = open(token);
        if (opened instanceof Refused refused) {
            return refused;
        }
        Optional<ActionLink> link = read(((Genuine) opened).statement());
        if (link.isEmpty()) {
            return new Refused(Refusal.MALFORMED);
        }
        return link.get().validAt(now) ? new Valid(link.get()) : new Refused(Refusal.EXPIRED);
    }

    /**
     * The statement a token carries if it is well formed, signed by a key in the ring and
     * unchanged; what it allows, and until when, is for its reader to judge. The signature is
     * checked before anything it covers is believed, and compared in constant time.
     */
    public Opened open(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return new Refused(Refusal.MALFORMED);
        }
        var parts = token.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals(VERSION) || !KEY_ID.matcher(parts[1]).matches()
                || !BASE64URL.matcher(parts[2]).matches() || !BASE64URL.matcher(parts[3]).matches()) {
            return new Refused(Refusal.MALFORMED);
        }
        var key = keys.get(parts[1]);
        if (key == null) {
            return new Refused(Refusal.UNKNOWN_KEY);
        }
        // As text: base64 can spell the same bytes more than one way, and a token has one spelling.
        var expected = ENCODER.encode(mac(key, parts[0] + "." + parts[1] + "." + parts[2]));
        if (!MessageDigest.isEqual(expected, parts[3].getBytes(StandardCharsets.US_ASCII))) {
            return new Refused(Refusal.BAD_SIGNATURE);
        }
        // Signed by us from here on; still read defensively, as an older format might differ.
        try {
            var fields = new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8).split("\n", 3);
            if (fields.length != 3) {
                return new Refused(Refusal.MALFORMED);
            }
            return new Genuine(new Statement(fields[0], Instant.ofEpochSecond(Long.parseLong(fields[1])), fields[2]));
        } catch (RuntimeException e) {
            return new Refused(Refusal.MALFORMED);
        }
    }

    /** An action link's statement: its purpose is one of the steps a link records. */
    private static Optional<ActionLink> read(Statement statement) {
        return CaseEvent.Type.fromWireName(statement.purpose()).filter(ActionLink.ACTIONS::contains)
                .filter(action -> !statement.caseId().isBlank())
                .map(action -> new ActionLink(statement.caseId(), action, statement.time()));
    }

    private static byte[] mac(SecretKeySpec key, String signed) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "ActionLinkKeys" + ids(); // never the keys
    }
}
