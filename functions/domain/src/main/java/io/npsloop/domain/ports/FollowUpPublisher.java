package io.npsloop.domain.ports;

import io.npsloop.domain.notices.FollowUpNotice;

/** Port: hands a follow-up to the people and systems that act on it. */
public interface FollowUpPublisher {

    /** Returns the transport's message id. Throws if the follow-up could not be handed over. */
    String publish(FollowUpNotice notice);

    /**
     * Publishes attempt {@code attempt} of a follow-up. Above 1 the message may repeat one already
     * delivered (an earlier attempt died between publishing and recording it): transports that can
     * say so mark it, and receivers drop it by its follow-up id.
     */
    default String publish(FollowUpNotice notice, int attempt) {
        return publish(notice);
    }
}
