package io.npsloop.exports;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One case as analysts get it: who, what they answered, what was decided and why (with the
 * playbook variant a treated follow-up drew), what people did and when, and what happened to the
 * customer afterwards. Names, emails and comments are left out: analysis does not need them, and
 * exports travel further than the table.
 */
record CaseRow(
        String caseId, String source, String responseId, String surveyId, String customerId, String accountId,
        String receivedAt, String submittedAt, Integer score, String category, String valueTier, BigDecimal annualValue,
        String action, String arm, String decisionStatus, String decisionReason, String dueAt, String sentAt,
        String caseStatus, String contactedAt, String resolution, String resolvedAt, String closedAt, String escalatedAt,
        String outcome, String outcomeAt, BigDecimal outcomeValue, String variant) {

    static final List<String> COLUMNS = List.of(
            "case_id", "source", "response_id", "survey_id", "customer_id", "account_id", "received_at", "submitted_at",
            "score", "category", "value_tier", "annual_value", "action", "arm", "decision_status", "decision_reason",
            "due_at", "sent_at", "case_status", "contacted_at", "resolution", "resolved_at", "closed_at", "escalated_at",
            "outcome", "outcome_at", "outcome_value",
            // Added after the first columns, so readers that go by position keep working.
            "variant");

    /** In column order; numbers as numbers, absent values as null. */
    Map<String, Object> values() {
        Object[] values = {caseId, source, responseId, surveyId, customerId, accountId, receivedAt, submittedAt, score,
                category, valueTier, annualValue, action, arm, decisionStatus, decisionReason, dueAt, sentAt, caseStatus,
                contactedAt, resolution, resolvedAt, closedAt, escalatedAt, outcome, outcomeAt, outcomeValue, variant};
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < COLUMNS.size(); i++) {
            map.put(COLUMNS.get(i), values[i]);
        }
        return map;
    }
}
