package io.npsloop.ingest.sources.mapped;

/** The recipes of docs/survey-tools.md, as an operator would set them in MAPPED_SOURCES. */
public final class DocumentedRecipes {

    public static final String JSON = """
            {
              "tally": {
                "responseId": "/data/responseId",
                "surveyId": "/data/formId",
                "score": "/data/fields/0/value",
                "submittedAt": "/data/createdAt",
                "respondent": {"email": "/data/fields/2/value"},
                "signature": {"scheme": "hmac-sha256", "header": "Tally-Signature", "encoding": "base64"},
                "responsesOnly": {"at": "/eventType", "values": ["FORM_RESPONSE"]}
              },
              "survicate": {
                "responseId": "/event/questionAnswered/responseUuid",
                "surveyId": "/event/questionAnswered/survey/id",
                "score": "/event/questionAnswered/choice/body",
                "scoreValues": {"Terrible": 0, "Bad": 3, "Okay": 6, "Good": 8, "Great": 10},
                "comment": "/event/questionAnswered/choice/comment",
                "submittedAt": "/event/questionAnswered/timestamp",
                "respondent": {"customerId": "/event/questionAnswered/respondent/id"},
                "signature": {"scheme": "token-header", "header": "Token"},
                "responsesOnly": {"at": "/event/questionAnswered/question/id", "values": ["12123"]}
              },
              "wootric": {
                "responseId": "/response/id",
                "surveyId": "/response/survey_id",
                "score": "/response/score",
                "comment": "/response/text",
                "submittedAt": "/response/created_at",
                "respondent": {"customerId": "/response/end_user_id", "email": "/response/email"},
                "signature": {"scheme": "url-token"},
                "responsesOnly": {"at": "/response"}
              }
            }
            """;

    private DocumentedRecipes() {}
}
