package io.npsloop.benchmarks.launch;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs in a fresh JVM, after the function's own jar on the classpath: constructs a handler with its
 * no-arg constructor, as Lambda does, invokes it once and prints when the answer came.
 *
 * <p>Only the JDK, the Lambda core and events types and {@code org.crac} are used here, and those come from the
 * function's jar, so nothing of the benchmark harness is loaded into the measured process.
 *
 * <pre>
 * ColdLauncher [--prime] http   HANDLER_CLASS SOURCE BODY_FILE [header=value ...]
 * ColdLauncher [--prime] stream HANDLER_CLASS PK SK SEQUENCE_NUMBER
 * ColdLauncher [--prime] report HANDLER_CLASS FROM TO
 * ColdLauncher noop   (no handler: what the JVM alone costs on this machine)
 * </pre>
 *
 * <p>{@code --prime} runs the handler's SnapStart hook ({@code beforeCheckpoint}) between the
 * constructor and the invocation: the first invocation then pays what it would after a restore,
 * less the restore itself and the reconnecting (the hook's connection is still open here).
 */
public final class ColdLauncher {

    private ColdLauncher() {}

    public static void main(String[] arguments) throws Exception {
        long mainNanos = System.nanoTime();
        boolean prime = arguments.length > 0 && arguments[0].equals("--prime");
        String[] args = prime ? Arrays.copyOfRange(arguments, 1, arguments.length) : arguments;
        String kind = args[0];
        long constructedNanos = mainNanos;
        long primedNanos = mainNanos;
        Object answer = null;
        if (!"noop".equals(kind)) {
            String handlerClass = args[1];
            @SuppressWarnings("unchecked")
            var handler = (RequestHandler<Object, Object>) Class.forName(handlerClass).getDeclaredConstructor().newInstance();
            constructedNanos = System.nanoTime();
            if (prime) {
                // What SnapStart calls before its snapshot; no CRaC here, so called directly.
                ((org.crac.Resource) handler).beforeCheckpoint(null);
                primedNanos = System.nanoTime();
            } else {
                primedNanos = constructedNanos;
            }
            Object event = switch (kind) {
                case "http" -> httpEvent(args);
                case "report" -> reportEvent(args);
                default -> streamEvent(args);
            };
            answer = handler.handleRequest(event, new QuietContext(handlerClass));
        }
        long answerNanos = System.nanoTime();
        long answerMillis = System.currentTimeMillis();
        // The parent stops its clock on this line, so it goes out before anything else is loaded.
        System.out.println("ANSWER " + describe(answer));
        System.out.flush();

        // Loaded only after the answer: the management classes cost tens of milliseconds to load.
        long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        // Includes the management classes themselves; the no-handler run carries the same share.
        int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        System.out.println("COLD jvmToAnswerMs=" + (answerMillis - jvmStartMillis)
                + " classes=" + classes
                + " mainToAnswerMs=" + millis(answerNanos - mainNanos)
                + " initMs=" + millis(constructedNanos - mainNanos)
                + " primeMs=" + millis(primedNanos - constructedNanos)
                + " invokeMs=" + millis(answerNanos - primedNanos));
        System.out.flush();
        // SDK clients may keep non-daemon threads; Lambda freezes the process instead, we end it.
        System.exit(0);
    }

    private static APIGatewayV2HTTPEvent httpEvent(String[] args) throws Exception {
        String source = args[2];
        String body = Files.readString(Path.of(args[3]), StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 4; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            headers.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        headers.put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        String path = "/webhooks/" + source;
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("POST /webhooks/{source}")
                .withRawPath(path)
                .withRawQueryString("")
                .withHeaders(headers)
                .withPathParameters(Map.of("source", source))
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey("POST /webhooks/{source}")
                        .withStage("$default")
                        .withRequestId(UUID.randomUUID().toString())
                        .withTimeEpoch(System.currentTimeMillis())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST")
                                .withPath(path)
                                .withProtocol("HTTP/1.1")
                                .withSourceIp("127.0.0.1")
                                .withUserAgent("nps-loop-benchmarks")
                                .build())
                        .build())
                .build();
    }

    /** {@code GET /reports/roi?from=<args[2]>&to=<args[3]>}. */
    private static APIGatewayV2HTTPEvent reportEvent(String[] args) {
        return reportRequest(args[2], args[3]);
    }

    /** {@code GET /reports/roi?from=&to=}, as API Gateway hands it over. */
    public static APIGatewayV2HTTPEvent reportRequest(String from, String to) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("GET /reports/roi")
                .withRawPath("/reports/roi")
                .withRawQueryString("from=" + from + "&to=" + to)
                .withQueryStringParameters(Map.of("from", from, "to", to))
                .withHeaders(Map.of())
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey("GET /reports/roi")
                        .withRequestId(UUID.randomUUID().toString())
                        .withTimeEpoch(System.currentTimeMillis())
                        .build())
                .build();
    }

    private static DynamodbEvent streamEvent(String[] args) {
        var keys = new LinkedHashMap<String, AttributeValue>();
        keys.put("pk", new AttributeValue().withS(args[2]));
        keys.put("sk", new AttributeValue().withS(args[3]));
        var image = new LinkedHashMap<String, AttributeValue>(keys);
        // Spelled out rather than taken from the product's classes: nothing of it loads before the handler.
        image.put("followUpStatus", new AttributeValue().withS("pending"));
        var change = new StreamRecord();
        change.setKeys(keys);
        change.setNewImage(image);
        change.setSequenceNumber(args[4]);
        change.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.NEW_AND_OLD_IMAGES);
        change.setSizeBytes(200L);
        var record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventID(UUID.randomUUID().toString());
        record.setEventName("INSERT");
        record.setEventSource("aws:dynamodb");
        record.setEventVersion("1.1");
        record.setAwsRegion(System.getenv("AWS_REGION"));
        record.setDynamodb(change);
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        records.add(record);
        var event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    private static String describe(Object answer) {
        if (answer instanceof APIGatewayV2HTTPResponse response) {
            return "status=" + response.getStatusCode();
        }
        if (answer instanceof StreamsEventResponse response) {
            int failures = response.getBatchItemFailures() == null ? 0 : response.getBatchItemFailures().size();
            return "status=" + (failures == 0 ? 200 : 500) + " failures=" + failures;
        }
        return answer == null ? "status=200" : "status=0 answer=" + answer;
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }

    /** Function logs go to stderr, which the parent keeps in a file, so stdout carries only figures. */
    private static final class QuietContext implements Context {
        private final String name;
        private final LambdaLogger logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                System.err.println(message);
            }

            @Override
            public void log(byte[] message) {
                System.err.println(new String(message, StandardCharsets.UTF_8));
            }
        };

        QuietContext(String name) {
            this.name = name;
        }

        @Override
        public String getAwsRequestId() {
            return "cold-start";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + name;
        }

        @Override
        public String getLogStreamName() {
            return "cold-start";
        }

        @Override
        public String getFunctionName() {
            return name;
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:" + name;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 20_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return logger;
        }
    }
}
