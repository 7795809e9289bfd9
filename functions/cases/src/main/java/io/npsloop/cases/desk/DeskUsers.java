package io.npsloop.cases.desk;

import io.npsloop.domain.desk.DeskUser;
import java.util.Map;
import java.util.Optional;

/** Who is signed in at the desk, from a request's headers; empty: nobody is (the route answers 401). */
public interface DeskUsers {

    Optional<DeskUser> of(Map<String, String> headers);
}
