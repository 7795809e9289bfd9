package io.npsloop.dispatch;

import io.npsloop.config.Area;
import io.npsloop.config.Kind;
import io.npsloop.config.Origin;
import io.npsloop.config.Reader;
import io.npsloop.config.Setting;

/** The dispatch function's settings. */
public final class DispatchSettings {

    private DispatchSettings() {}

    public static final Setting TOPIC_ARN = Setting.of(Area.DISPATCH, "TOPIC_ARN", Kind.TEXT)
            .from(new Origin.Template("FollowUpTopic"))
            .readBy(Reader.DISPATCH)
            .means("The SNS topic follow-ups and escalations are published to.");

    public static final Setting CLAIM_LEASE_SECONDS = Setting.of(Area.DISPATCH, "CLAIM_LEASE_SECONDS", Kind.SECONDS)
            .byDefault("10")
            .readBy(Reader.DISPATCH)
            .means("How long one publish attempt holds a follow-up; the SNS call times out at half of it, "
                    + "so no attempt outlives its lease.");
}
