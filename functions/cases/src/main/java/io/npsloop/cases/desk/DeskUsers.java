package io.npsloop.cases.desk;

import io.npsloop.domain.desk.DeskUser;
import java.util.Map;
import java.util.Optional;

/** Who is calling the desk's routes, from the request's headers, already verified; empty if nobody signed in. */
@FunctionalInterface
public interface DeskUsers {

    Optional<DeskUser> of(Map<String, String> headers);

    /** Until sign-in is configured: nobody is signed in, so every desk route answers 401 and nothing is open. */
    DeskUsers NOBODY = headers -> Optional.empty();
}
