package io.npsloop.benchmarks.reference;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The yardstick for cold start: a webhook handler in the style of the AWS SAM Java samples.
 * Static ObjectMapper and a client from {@code DynamoDbClient.create()} (default credentials,
 * region and HTTP client, which is Apache), databind into a bean, one PutItem per request.
 * It does less than the ingest function: no signature check, no read, no transaction.
 */
public class ReferenceWebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DynamoDbClient DYNAMO_DB = DynamoDbClient.create();
    private static final String TABLE_NAME = System.getenv("TABLE_NAME");

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        WebhookPayload payload;
        try {
            payload = MAPPER.readValue(event.getBody(), WebhookPayload.class);
        } catch (JsonProcessingException e) {
            return answer(400, Map.of("message", "invalid body"));
        }
        if (payload.getResponseId() == null || payload.getScore() == null) {
            return answer(400, Map.of("message", "responseId and score are required"));
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.builder().s("WEBHOOK#" + payload.getResponseId()).build());
        item.put("sk", AttributeValue.builder().s("WEBHOOK").build());
        item.put("surveyId", AttributeValue.builder().s(payload.getSurveyId()).build());
        item.put("score", AttributeValue.builder().n(payload.getScore().toString()).build());
        item.put("submittedAt", AttributeValue.builder().s(payload.getSubmittedAt()).build());
        if (payload.getComment() != null) {
            item.put("comment", AttributeValue.builder().s(payload.getComment()).build());
        }
        WebhookPayload.Respondent respondent = payload.getRespondent();
        if (respondent != null && respondent.getId() != null) {
            item.put("customerId", AttributeValue.builder().s(respondent.getId()).build());
        }
        if (respondent != null && respondent.getAnnualValue() != null) {
            item.put("annualValue", AttributeValue.builder().n(respondent.getAnnualValue().toPlainString()).build());
        }
        DYNAMO_DB.putItem(PutItemRequest.builder().tableName(TABLE_NAME).item(item).build());
        context.getLogger().log("stored " + payload.getResponseId());
        return answer(202, Map.of("responseId", payload.getResponseId()));
    }

    private static APIGatewayV2HTTPResponse answer(int status, Map<String, String> body) {
        try {
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(status)
                    .withHeaders(Map.of("content-type", "application/json"))
                    .withBody(MAPPER.writeValueAsString(body))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
