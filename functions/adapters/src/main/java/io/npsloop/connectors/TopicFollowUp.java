package io.npsloop.connectors;

import io.npsloop.aws.TopicMessages;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a connector needs of a follow-up as the topic publishes it (docs/policy.md): who, their
 * answer, the decision's texts and the case's desk link. Customer text (name, comment) is
 * untrusted: connectors send it as plain text only. A {@value #RELATIONSHIP} message (a step on a
 * case moved the customer's relationship) is read the same way: its case id is the follow-up's id
 * (a case is named by its follow-up), with who it is and nothing else.
 */
public record TopicFollowUp(
        String followUpId, String action, Instant dueAt, String subject, String reason, List<String> steps,
        String customerId, String email, String name, String accountId, String valueTier,
        int score, String category, String comment, String source, String caseLink) {

    /** The action of the topic's relationship messages, which are not follow-ups. */
    public static final String RELATIONSHIP = "relationship";

    public TopicFollowUp {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public boolean relationship() {
        return RELATIONSHIP.equals(action);
    }

    /** Reads an SQS body; IllegalArgumentException when it holds no follow-up (such a message never will). */
    public static TopicFollowUp fromSqsBody(String body) {
        var json = TopicMessages.json(body);
        if (RELATIONSHIP.equals(json.get("action")) && json.get("caseId") instanceof String caseId) {
            var who = map(json.get("respondent"));
            return new TopicFollowUp(caseId, RELATIONSHIP, null, null, null, List.of(), string(who.get("id")),
                    blankToNull(string(who.get("email"))), null, string(who.get("accountId")), null, -1, null, null, null, null);
        }
        if (!(json.get("followUpId") instanceof String id) || !(json.get("action") instanceof String action)) {
            throw new IllegalArgumentException("not a follow-up");
        }
        var who = map(json.get("respondent"));
        var answer = map(json.get("response"));
        var steps = json.get("steps") instanceof List<?> list ? list.stream().filter(String.class::isInstance).map(String.class::cast).toList()
                : List.<String>of();
        return new TopicFollowUp(id, action, instant(json.get("dueAt")), string(json.get("subject")), string(json.get("reason")), steps,
                string(who.get("id")), blankToNull(string(who.get("email"))), string(who.get("name")), string(who.get("accountId")),
                string(who.get("valueTier")),
                answer.get("score") instanceof Number n ? n.intValue() : -1,
                string(answer.get("category")), string(answer.get("comment")), string(answer.get("source")),
                string(map(json.get("links")).get("case")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String string(Object value) {
        return value instanceof String text ? text : null;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Instant instant(Object value) {
        try {
            return value instanceof String text ? Instant.parse(text) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
