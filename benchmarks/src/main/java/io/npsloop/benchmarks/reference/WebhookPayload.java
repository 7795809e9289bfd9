package io.npsloop.benchmarks.reference;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;

/** The generic webhook's body as a plain bean, bound by Jackson databind. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class WebhookPayload {

    private String responseId;
    private String surveyId;
    private Respondent respondent;
    private Integer score;
    private String comment;
    private String submittedAt;

    public String getResponseId() {
        return responseId;
    }

    public void setResponseId(String responseId) {
        this.responseId = responseId;
    }

    public String getSurveyId() {
        return surveyId;
    }

    public void setSurveyId(String surveyId) {
        this.surveyId = surveyId;
    }

    public Respondent getRespondent() {
        return respondent;
    }

    public void setRespondent(Respondent respondent) {
        this.respondent = respondent;
    }

    public Integer getScore() {
        return score;
    }

    public void setScore(Integer score) {
        this.score = score;
    }

    public String getComment() {
        return comment;
    }

    public void setComment(String comment) {
        this.comment = comment;
    }

    public String getSubmittedAt() {
        return submittedAt;
    }

    public void setSubmittedAt(String submittedAt) {
        this.submittedAt = submittedAt;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Respondent {
        private String id;
        private String email;
        private String name;
        private String accountId;
        private String locale;
        private BigDecimal annualValue;

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getEmail() {
            return email;
        }

        public void setEmail(String email) {
            this.email = email;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getAccountId() {
            return accountId;
        }

        public void setAccountId(String accountId) {
            this.accountId = accountId;
        }

        public String getLocale() {
            return locale;
        }

        public void setLocale(String locale) {
            this.locale = locale;
        }

        public BigDecimal getAnnualValue() {
            return annualValue;
        }

        public void setAnnualValue(BigDecimal annualValue) {
            this.annualValue = annualValue;
        }
    }
}
