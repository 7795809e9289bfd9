package io.npsloop.domain;

/** Port: hands a follow-up to the people and systems that act on it. */
public interface FollowUpPublisher {

    /** Returns the transport's message id. Throws if the follow-up could not be handed over. */
    String publish(FollowUpNotice notice);
}
