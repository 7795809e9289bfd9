package io.npsloop.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The translations every HTTP API function makes between API Gateway's events and an {@link Answer}. */
public final class HttpEvents {

    private HttpEvents() {}

    /** The body as text, decoded if API Gateway sent it base64-encoded; null when there is none. */
    public static String textBody(APIGatewayV2HTTPEvent event) {
        var body = event.getBody();
        return body != null && event.getIsBase64Encoded()
                ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8)
                : body;
    }

    /** API Gateway's id of the request, which its access logs carry too; {@code fallback} when absent. */
    public static String requestId(APIGatewayV2HTTPEvent event, String fallback) {
        var context = event.getRequestContext();
        return context != null && context.getRequestId() != null ? context.getRequestId() : fallback;
    }

    public static APIGatewayV2HTTPResponse response(Answer answer) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(answer.status())
                .withHeaders(answer.headers())
                .withBody(answer.body())
                .build();
    }
}
