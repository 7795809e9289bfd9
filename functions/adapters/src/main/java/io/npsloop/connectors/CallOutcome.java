package io.npsloop.connectors;

import java.time.Duration;
import java.util.Optional;

/** What one call to an outside tool came to, as a connector acts on it. */
public sealed interface CallOutcome {

    /** Done; {@code externalId} names what the tool holds (e.g. the ticket id). */
    record Done(String externalId) implements CallOutcome {}

    /** A lookup found nothing. */
    record Missing() implements CallOutcome {}

    /** Throttled (429), a server error or no answer: worth another try, after {@code retryAfter} if the tool said. */
    record TryLater(Optional<Duration> retryAfter, String error) implements CallOutcome {}

    /** Refused in a way repeating never mends (another 4xx): the message goes to the dead-letter queue. */
    record Refused(String error) implements CallOutcome {}
}
