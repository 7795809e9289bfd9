package io.npsloop.local.stack;

import io.npsloop.config.AwsSettings;
import io.npsloop.config.Settings;
import io.npsloop.ingest.sources.SurveyTool;
import io.npsloop.ingest.sources.SurveyTools;
import io.npsloop.ingest.sources.mapped.MappedSources;
import io.npsloop.local.LocalAws;
import io.npsloop.local.SnsDelivery;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code local-stack [--port N] [--host H] [--demo [--exit]]} starts the stack; {@code local-stack post
 * <source> <file> [--url U]} signs a sample with the local secret and posts it.
 */
public final class Main {

    private static final String USAGE = """
            usage: local-stack [--port N] [--host H] [--zendesk] [--hubspot] [--demo [--exit]] [--events DIR]
                   local-stack post <source> <file> [--url http://localhost:3000]

              (no options)  start the stack on http://localhost:3000 and print the follow-ups as they arrive
              --port N      listen on port N (default: $PORT or 3000; 0 picks a free port)
              --host H      listen on interface H (default 127.0.0.1)
              --zendesk     run the Zendesk connector against a local Zendesk: a ticket per recovery,
                            solving it there resolves the case (docs/connectors.md)
              --hubspot     run the HubSpot connector against a local HubSpot: a task per follow-up,
                            completing it there marks the case contacted (docs/connectors.md)
              --demo        start, post every sample in events/webhooks signed, print the answers and
                            the follow-ups that reach the queue, the Zendesk tickets the recoveries
                            opened and the HubSpot tasks the follow-ups became (--demo runs with
                            --zendesk and --hubspot), post one again to show it is not duplicated,
                            then keep serving: work the follow-ups in the desk; Ctrl-C stops
              --exit        with --demo: stop after the demo instead; exits 1 if anything was not
                            as expected
              post          sign <file> as <source> would and post it to a running stack

            AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_DYNAMODB / _SNS / _SQS) points the stack at emulators
            you run yourself (e.g. moto_server) instead of starting DynamoDB Local and fauxqs.
            """;

    private Main() {}

    public static void main(String[] args) throws Exception {
        var out = System.out;
        var arguments = List.of(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            out.print(USAGE);
            return;
        }
        if (!arguments.isEmpty() && arguments.get(0).equals("post")) {
            System.exit(post(arguments.subList(1, arguments.size()), out));
        }
        var port = Integer.parseInt(option(arguments, "--port", Settings.fromEnvironment().string(LocalStackSettings.PORT)));
        var host = option(arguments, "--host", "127.0.0.1");
        boolean demo = arguments.contains("--demo");
        boolean exitAfterDemo = arguments.contains("--exit");
        var events = Path.of(option(arguments, "--events", findEvents().toString()));
        var environment = new HashMap<String, String>();
        if (demo || arguments.contains("--zendesk")) {
            environment.putAll(LocalStack.LOCAL_ZENDESK);
        }
        if (demo || arguments.contains("--hubspot")) {
            environment.putAll(LocalStack.LOCAL_HUBSPOT);
        }
        environment.putAll(System.getenv());

        out.println("Starting the local stack...");
        try (var stack = LocalStack.start(externalEmulators(), "nps-loop", host, port, environment, out)) {
            banner(stack, out);
            if (demo) {
                int exit = Demo.run(stack, events, out);
                out.println(exit == 0 ? "Demo finished: every sample behaved as expected." : "Demo finished with problems (see above).");
                if (exitAfterDemo) {
                    System.exit(exit);
                }
                // Its follow-ups are open cases now: the desk is where they are worked to their end.
                var agent = stack.deskUsers().get(0);
                out.println("Work its follow-ups in the desk: " + stack.deskUrl() + "   (sign in as " + agent.email() + " / "
                        + agent.password() + ")");
                out.println("Still serving at " + stack.baseUrl() + ". Ctrl-C stops.");
                out.println();
            }
            var stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.countDown();
                stack.close();
            }));
            printFollowUps(stack, out, stop);
        }
    }

    private static LocalAws externalEmulators() {
        var settings = Settings.fromEnvironment();
        var general = settings.optional(AwsSettings.AWS_ENDPOINT_URL).orElse(null);
        var dynamo = settings.optional(AwsSettings.AWS_ENDPOINT_URL_SERVICE.member("DYNAMODB")).orElse(general);
        var sns = settings.optional(AwsSettings.AWS_ENDPOINT_URL_SERVICE.member("SNS")).orElse(general);
        var sqs = settings.optional(AwsSettings.AWS_ENDPOINT_URL_SERVICE.member("SQS")).orElse(general);
        if (dynamo == null && sns == null && sqs == null) {
            return null;
        }
        if (dynamo == null || sns == null || sqs == null) {
            throw new IllegalArgumentException("set AWS_ENDPOINT_URL, or all of AWS_ENDPOINT_URL_DYNAMODB, _SNS and _SQS");
        }
        return LocalAws.external(URI.create(dynamo), URI.create(sns), URI.create(sqs));
    }

    private static void banner(LocalStack stack, PrintStream out) {
        var url = stack.baseUrl();
        out.println();
        out.println("NPS Loop is running locally.");
        out.println("  Webhooks:        POST " + url + "/webhooks/{source}   ("
                + String.join(", ", SurveyTools.of(new Settings(stack.functionEnvironment())).stream().map(SurveyTool::name).toList())
                + "; those read by recipe in MAPPED_SOURCES last)");
        out.println("  DynamoDB:        " + stack.aws().dynamoDbEndpoint() + "  table " + stack.resources().tableName());
        out.println("  SNS/SQS:         " + stack.aws().snsEndpoint() + "  topic " + stack.resources().topicArn());
        out.println("  Follow-up queue: " + stack.resources().followUpQueueUrl());
        out.println("  Cases:           GET " + url + "/cases, POST " + url + "/cases/{id}/events");
        out.println("  Outcomes, ROI:   POST " + url + "/outcomes, GET " + url + "/reports/roi?from=YYYY-MM-DD&to=YYYY-MM-DD");
        out.println("  Exports:         GET " + url + "/exports/{cases.csv|cases.jsonl|roi.json|roi.html}, files in "
                + stack.dataDirectory().resolve("exports"));
        out.println("  Outcome imports: put CSV files in " + stack.dataDirectory().resolve("imports"));
        out.println("  Quarantine:      GET " + url + "/quarantine   (bin/quarantine list)");
        stack.zendesk().ifPresent(zendesk -> out.println("  Zendesk (local): " + zendesk.baseUrl()
                + "   GET /api/v2/tickets; solve one: PUT /api/v2/tickets/{id} {\"ticket\":{\"status\":\"solved\"}}"));
        stack.hubspot().ifPresent(hubspot -> out.println("  HubSpot (local): " + hubspot.baseUrl()
                + "   complete a task: PATCH /crm/v3/objects/tasks/{id} {\"properties\":{\"hs_task_status\":\"COMPLETED\"}}"));
        var agent = stack.deskUsers().get(0);
        out.println("  Desk:            " + stack.deskUrl() + "   (sign in as " + agent.email() + " / " + agent.password()
                + ", or another local user below)");
        out.println("  Desk teams:      GET " + url + "/desk/api/teams and /desk/api/people; PUT or DELETE "
                + "/desk/api/teams/{team}/members/{email} and /desk/api/people/{email}/roles/{role} (docs/admins.md)");
        out.println("  Desk users (local only, never for production):");
        stack.deskUsers().forEach(user -> out.println(String.format("    %-20s password %-22s groups %s",
                user.email(), user.password(), String.join(", ", user.groups()))));
        out.println();
        out.println("Post a signed sample from another terminal:");
        out.println("  bin/local-stack post generic events/webhooks/generic-detractor.json --url " + url);
        out.println("  bin/local-stack post typeform events/webhooks/typeform-detractor.json --url " + url);
        out.println("Follow-ups are printed here as they arrive on the queue. Ctrl-C stops the stack.");
        out.println();
    }

    private static void printFollowUps(LocalStack stack, PrintStream out, CountDownLatch stop) throws InterruptedException {
        while (stop.getCount() > 0) {
            try {
                for (var message : stack.aws().receiveAll(stack.resources().followUpQueueUrl(), Duration.ofSeconds(1))) {
                    Demo.print(SnsDelivery.fromSqsBody(message.body()), out);
                }
            } catch (RuntimeException e) {
                if (stop.getCount() == 0) {
                    return;
                }
                out.println("[queue] could not read follow-ups: " + e.getMessage());
                Thread.sleep(1000);
            }
        }
    }

    private static int post(List<String> args, PrintStream out) throws IOException, InterruptedException {
        if (args.size() < 2) {
            out.print(USAGE);
            return 2;
        }
        var source = args.get(0);
        var body = Files.readAllBytes(Path.of(args.get(1)));
        var env = new HashMap<>(LocalStack.LOCAL_SECRETS);
        env.put(MappedSources.SETTING.variable(), System.getenv().getOrDefault(MappedSources.SETTING.variable(), LocalStack.documentedRecipes()));
        LocalStack.mappedSecrets(new Settings(env)).forEach(env::put);
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("WEBHOOK_SECRET_")) {
                env.put(k, v);
            }
        });
        var url = URI.create(option(args, "--url", "http://localhost:" + Settings.fromEnvironment().string(LocalStackSettings.PORT))
                + Signer.path(source, env));
        var signed = Signer.sign(source, body, env);
        var response = send(url, signed.headers(), signed.body());
        out.println(response.statusCode() + " " + response.body());
        return response.statusCode() < 300 ? 0 : 1;
    }

    static HttpResponse<String> send(URI url, Map<String, String> headers, byte[] body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String option(List<String> args, String name, String fallback) {
        int at = args.indexOf(name);
        if (at < 0) {
            return fallback;
        }
        if (at + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args.get(at + 1);
    }

    static Path findEvents() {
        var dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("events/webhooks"))) {
            dir = dir.getParent();
        }
        return dir == null ? Path.of("events/webhooks") : dir.resolve("events/webhooks");
    }

    /**
     * Whether a sample is a built-in tool's ({@code <source>-*.json}); {@code mapped-<tool>-*.json}
     * are read by the recipes in MAPPED_SOURCES.
     */
    static boolean isBuiltInToolSample(Path sample) {
        return !sample.getFileName().toString().startsWith(MAPPED_PREFIX);
    }

    static final String MAPPED_PREFIX = "mapped-";

    /** The tool a sample is for: {@code typeform} of typeform-detractor.json, {@code tally} of mapped-tally-form-response.json. */
    static String sourceOf(Path sample) {
        var name = sample.getFileName().toString();
        var rest = name.startsWith(MAPPED_PREFIX) ? name.substring(MAPPED_PREFIX.length()) : name;
        return rest.substring(0, rest.indexOf('-'));
    }

    static List<Path> samples(Path events) throws IOException {
        try (Stream<Path> files = Files.list(events)) {
            // The built-in tools' first, then the recipes'; each response before its later versions (name-updated.json after name.json).
            return new ArrayList<>(files.filter(p -> p.toString().endsWith(".json"))
                    .sorted(java.util.Comparator.comparing((Path p) -> !isBuiltInToolSample(p))
                            .thenComparing(p -> p.getFileName().toString().replace("-updated.json", ".json"))
                            .thenComparing(p -> Demo.isUpdate(p.getFileName().toString())))
                    .toList());
        }
    }
}
