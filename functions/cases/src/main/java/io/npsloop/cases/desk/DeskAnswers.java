package io.npsloop.cases.desk;

import io.npsloop.aws.DeskTokens;
import io.npsloop.http.Answer;
import java.util.LinkedHashMap;

/**
 * How the desk's JSON routes turn people away, the same on every route: 401 with
 * {@code WWW-Authenticate: Bearer} when nobody (valid) is signed in, 403 when the person signed in
 * may not do this. Neither says anything about the token's owner or anyone else.
 */
public final class DeskAnswers {

    private DeskAnswers() {}

    /** No token, or one the check refused (expired, forged, another client's). */
    public static Answer notSignedIn(boolean tokenSent) {
        var problem = Answer.problem(401, "not-signed-in", "Sign in to use the desk.");
        var headers = new LinkedHashMap<>(problem.headers());
        // RFC 6750: a request without credentials gets no error code; a bad token gets invalid_token.
        headers.put("www-authenticate", tokenSent ? "Bearer realm=\"desk\", error=\"invalid_token\"" : "Bearer realm=\"desk\"");
        return new Answer(401, java.util.Map.copyOf(headers), problem.body(), problem.outcome(), null);
    }

    /** Signed in, but none of their roles allows this. */
    public static Answer notAllowed() {
        return Answer.problem(403, "not-allowed", "Your desk role does not allow this. An admin can add you to the agent or lead group.");
    }

    /** A check that named nobody: 503 if it could not be made, 401 otherwise, with why in the logged outcome. */
    public static Answer refused(DeskTokens.Result result) {
        if (result instanceof DeskTokens.Unavailable) {
            return checkUnavailable();
        }
        var why = result instanceof DeskTokens.Refused refused ? refused.why() : "no-token";
        var answer = notSignedIn(!why.equals("no-token"));
        return new Answer(answer.status(), answer.headers(), answer.body(), "not-signed-in:" + why, null);
    }

    /** The issuer's keys could not be read just now: nobody can be checked. */
    public static Answer checkUnavailable() {
        return Answer.problem(503, "sign-in-unavailable", "Sign-in cannot be checked just now. Try again in a moment.");
    }
}
