package io.npsloop.dispatch;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.domain.notices.FollowUpNotice;
import io.npsloop.domain.ports.FollowUpPublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Publishes a follow-up to the topic. One message, two renderings: email subscribers get the
 * readable text, every other protocol the JSON a CRM or queue consumer acts on. Message
 * attributes carry what subscriptions filter on.
 */
public final class SnsFollowUpPublisher implements FollowUpPublisher {

    private final SnsClient sns;
    private final String topicArn;

    public SnsFollowUpPublisher(SnsClient sns, String topicArn) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
    }

    @Override
    public String publish(FollowUpNotice notice) {
        return publish(notice, 1);
    }

    /** A repeated attempt carries {@code attempt} as an attribute and in the JSON, so receivers see it may be a repeat. */
    @Override
    public String publish(FollowUpNotice notice, int attempt) {
        var record = notice.record();
        var attributes = new LinkedHashMap<String, MessageAttributeValue>();
        attributes.put("action", attribute(notice.actionName()));
        attributes.put("category", attribute(record.category().wireName()));
        attributes.put("valueTier", attribute(record.valueTier().wireName()));
        attributes.put("locale", attribute(record.response().respondent().locale()));
        attributes.put("source", attribute(record.key().source()));
        attributes.put("followUpId", attribute(notice.followUpId()));
        // Subscriptions can route each playbook variant to the people who run it.
        record.decision().variant().ifPresent(variant -> attributes.put("variant", attribute(variant)));
        if (attempt > 1) {
            attributes.put("attempt", attribute(Integer.toString(attempt)));
        }
        var request = PublishRequest.builder()
                .topicArn(topicArn)
                .subject(notice.subject())
                .messageStructure("json")
                .message(json(Map.of("default", FollowUpMessages.json(notice, attempt), "email", notice.text())))
                .messageAttributes(attributes)
                .build();
        return sns.publish(request).messageId();
    }

    private static MessageAttributeValue attribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    static String json(Object value) {
        try {
            return JSON.std.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The machine-readable body, documented in the README. */
    public static final class FollowUpMessages {
        private FollowUpMessages() {}

        public static String json(FollowUpNotice notice) {
            return json(notice, 1);
        }

        public static String json(FollowUpNotice notice, int attempt) {
            var record = notice.record();
            var response = record.response();
            var respondent = response.respondent();
            var who = new LinkedHashMap<String, Object>();
            who.put("id", respondent.id());
            who.put("email", respondent.email());
            who.put("name", respondent.name());
            who.put("accountId", respondent.accountId());
            who.put("locale", respondent.locale());
            who.put("annualValue", respondent.annualValue());
            who.put("valueTier", record.valueTier().wireName());
            var answer = new LinkedHashMap<String, Object>();
            answer.put("source", record.key().source());
            answer.put("responseId", record.key().responseId());
            answer.put("surveyId", response.surveyId());
            answer.put("score", response.score().value());
            answer.put("category", response.category().wireName());
            answer.put("comment", response.comment());
            answer.put("submittedAt", response.submittedAt().toString());
            answer.put("receivedAt", record.receivedAt().toString());
            var body = new LinkedHashMap<String, Object>();
            body.put("followUpId", notice.followUpId());
            body.put("action", notice.actionName());
            if (notice.escalation()) {
                body.put("escalates", notice.action().wireName());
            }
            if (attempt > 1) {
                body.put("attempt", attempt);
            }
            body.put("dueAt", notice.dueAt().toString());
            body.put("reason", record.decision().reason());
            body.put("variant", record.decision().variant().orElse(null));
            body.put("subject", notice.subject());
            body.put("steps", notice.steps());
            body.put("respondent", who);
            body.put("response", answer);
            if (!notice.links().isEmpty()) {
                var links = new LinkedHashMap<String, Object>();
                if (notice.links().caseUrl() != null) {
                    links.put("case", notice.links().caseUrl());
                }
                if (notice.links().hasActions()) {
                    // Each link records one step on this case once confirmed; opening it changes nothing.
                    var actions = new LinkedHashMap<String, Object>();
                    notice.links().actions().forEach((step, url) -> actions.put(step.wireName(), url));
                    links.put("expiresAt", notice.links().expiresAt().toString());
                    links.put("actions", actions);
                }
                if (notice.links().referralPage() != null) {
                    // For staff to send the promoter: their page to name people who could benefit.
                    links.put("referralPage", notice.links().referralPage());
                }
                body.put("links", links);
            }
            return SnsFollowUpPublisher.json(body);
        }
    }
}
