package io.npsloop.cases.desk;

import io.npsloop.aws.DeskTokens;
import io.npsloop.domain.desk.DeskUser;
import java.util.Map;
import java.util.Optional;

/** Who is signed in at the desk, from a request's headers; empty: nobody is (the route answers 401). */
public interface DeskUsers {

    Optional<DeskUser> of(Map<String, String> headers);

    /** The check with its reason; without one, nobody named is as if no token came. */
    default DeskTokens.Result check(Map<String, String> headers) {
        return of(headers).<DeskTokens.Result>map(DeskTokens.Valid::new).orElseGet(() -> new DeskTokens.Refused("no-token"));
    }
}
