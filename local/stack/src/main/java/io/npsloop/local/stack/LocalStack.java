package io.npsloop.local.stack;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.npsloop.aws.AwsClients;
import io.npsloop.config.ActionLinkSettings;
import io.npsloop.config.Settings;
import io.npsloop.domain.cases.ActionLink;
import io.npsloop.domain.cases.ReferralLink;
import io.npsloop.cases.CasesFunction;
import io.npsloop.cases.EscalationFunction;
import io.npsloop.cases.desk.DeskPage;
import io.npsloop.cases.desk.DeskSignIn;
import io.npsloop.cases.desk.DeskTeams;
import io.npsloop.chat.ChatFunction;
import io.npsloop.chat.ChatSettings;
import io.npsloop.connectors.ConnectorParameters;
import io.npsloop.connectors.hubspot.HubSpotFunction;
import io.npsloop.connectors.hubspot.HubSpotSettings;
import io.npsloop.connectors.hubspot.HubSpotWebhookFunction;
import io.npsloop.connectors.zendesk.ZendeskFunction;
import io.npsloop.connectors.zendesk.ZendeskSettings;
import io.npsloop.connectors.zendesk.ZendeskWebhookFunction;
import io.npsloop.dispatch.DispatchFunction;
import io.npsloop.dispatch.RelationshipChange;
import io.npsloop.exports.ExportFunction;
import io.npsloop.ingest.IngestFunction;
import io.npsloop.ingest.IngestSettings;
import io.npsloop.ingest.fetch.FetchFunction;
import io.npsloop.ingest.sources.SurveyTools;
import io.npsloop.ingest.sources.mapped.Mapped;
import io.npsloop.ingest.sources.mapped.MappedSources;
import io.npsloop.local.EventPatterns;
import io.npsloop.local.LocalAws;
import io.npsloop.local.QueueEventSource;
import io.npsloop.local.LocalContext;
import io.npsloop.local.LocalHubSpot;
import io.npsloop.local.LocalZendesk;
import io.npsloop.local.StreamEventSource;
import io.npsloop.report.CountersFunction;
import io.npsloop.report.ErasureFunction;
import io.npsloop.report.ReportFunction;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The deployed system on one machine: the template's routes in front of the functions, the
 * table's stream feeding the dispatch and counters functions as Lambda's event source mappings
 * would (same filters, batch sizes, retries and dead-letter queue), and a queue subscribed to the topic.
 */
public final class LocalStack implements AutoCloseable {

    /** Local-only signing secrets, used unless {@code WEBHOOK_SECRET_<SOURCE>} is set. Never for production. */
    public static final Map<String, String> LOCAL_SECRETS = localSecrets();

    private static Map<String, String> localSecrets() {
        var secrets = new HashMap<String, String>();
        SurveyTools.ALL.forEach(tool -> secrets.put("WEBHOOK_SECRET_" + tool.name().toUpperCase(Locale.ROOT), tool.localSecret()));
        // The sample APIs' tokens, which SampleApis checks.
        secrets.put("WEBHOOK_SECRET_SURVEYMONKEY_API_TOKEN", "local-surveymonkey-access-token");
        secrets.put("WEBHOOK_SECRET_QUALTRICS_API_TOKEN", "local-qualtrics-api-token");
        return Map.copyOf(secrets);
    }

    /** The recipes of docs/survey-tools.md ({@code events/webhooks/mapped/recipes.json}), so the tools they read post here too; none if absent. */
    static String documentedRecipes() throws IOException {
        var recipes = Main.findEvents().resolve("mapped/recipes.json");
        return Files.isRegularFile(recipes) ? Files.readString(recipes, StandardCharsets.UTF_8) : "";
    }

    /** A local secret (and URL token) for each tool configured by recipe, as the built-in tools have. */
    static Map<String, String> mappedSecrets(Settings settings) {
        var secrets = new HashMap<String, String>();
        for (var tool : SurveyTools.of(settings)) {
            if (tool instanceof Mapped mapped) {
                var secret = IngestSettings.WEBHOOK_SECRET_SOURCE.member(mapped.name()).variable();
                secrets.put(secret, mapped.localSecret());
                if (mapped.takesUrlToken()) {
                    secrets.put(IngestSettings.WEBHOOK_SECRET_SOURCE.member(mapped.name() + "-url-token").variable(), mapped.localSecret());
                }
            }
        }
        return secrets;
    }

    /** The local action link key ring, used unless {@code ACTION_LINK_KEYS} is set: one key anyone reading this knows. */
    static final String LOCAL_ACTION_LINK_KEYS =
            "local=" + Base64.getEncoder().encodeToString("local-action-link-key-not-secret".getBytes(StandardCharsets.US_ASCII));

    /**
     * The Zendesk connector, configured locally ({@code --zendesk}, and always in {@code --demo}): values
     * anyone reading this knows, never for production. With no {@code ZENDESK_BASE_URL}, the stack
     * starts a local Zendesk for it.
     */
    public static final Map<String, String> LOCAL_ZENDESK = Map.of(
            ZendeskSettings.ZENDESK_PARAMETER_PATH.variable(), "/local/zendesk/",
            ZendeskSettings.ZENDESK_SECRETS.variable(),
            "subdomain=local;email=nps-agent@example.com;api-token=local-zendesk-token;group-id=360001;webhook-secret=local-zendesk-webhook-secret");

    /**
     * The HubSpot connector, configured locally ({@code --hubspot}, and always in {@code --demo}): values
     * anyone reading this knows, never for production. With no {@code HUBSPOT_BASE_URL}, the stack
     * starts a local HubSpot for it, whose webhook subscription posts back to the stack.
     */
    public static final Map<String, String> LOCAL_HUBSPOT = Map.of(
            HubSpotSettings.HUBSPOT_PARAMETER_PATH.variable(), "/local/hubspot/",
            HubSpotSettings.HUBSPOT_SECRETS.variable(),
            "private-app-token=local-hubspot-token;client-secret=local-hubspot-client-secret;fallback-owner-id=900");

    /** Settings the samples in events/webhooks need; any of them can be overridden from the environment. */
    static final Map<String, String> LOCAL_DEFAULTS = Map.of(
            "FORMBRICKS_NPS_QUESTION_IDS", "rn3kq8x2v7m1c4b9z6t0w5ya",
            "FORMBRICKS_COMMENT_QUESTION_IDS", "ox9d4f1s6g3h8j2k5l0p7qzu",
            "SURVEYMONKEY_NPS_QUESTION_IDS", "648290117,319352786",
            "SURVEYMONKEY_COMMENT_QUESTION_IDS", "648290118",
            "QUALTRICS_COMMENT_FIELDS", "QID2_TEXT");

    private final LocalAws aws;
    private final boolean ownsAws;
    private final LocalAws.Resources resources;
    private final Map<String, String> functionEnvironment;
    private final StreamEventSource stream;
    private final StreamEventSource countersStream;
    private final StreamEventSource fetchStream;
    private final SampleApis sampleApis;
    private final ApiGatewayServer api;
    private final ScheduledExecutorService scheduler;
    private final LocalFiles files;
    private final LocalIssuer issuer;
    private final LocalZendesk zendesk;
    private final LocalHubSpot hubspot;

    private LocalStack(LocalAws aws, boolean ownsAws, String name, String host, int port,
                       Map<String, String> userEnvironment, PrintStream log) throws IOException {
        this.aws = aws;
        this.ownsAws = ownsAws;
        this.resources = aws.provision(name);
        var env = new HashMap<>(LOCAL_SECRETS);
        env.putAll(LOCAL_DEFAULTS);
        env.put(MappedSources.SETTING.variable(), documentedRecipes());
        userEnvironment.forEach((key, value) -> {
            // The emulators' endpoints and credentials win over whatever AWS profile the shell has.
            if (!key.startsWith("AWS_")) {
                env.put(key, value);
            }
        });
        mappedSecrets(new Settings(env)).forEach(env::putIfAbsent);
        // The tools' APIs answer with the samples in events/api, unless pointed elsewhere.
        this.sampleApis = new SampleApis(Main.findEvents().getParent().resolve("api"),
                env.get("WEBHOOK_SECRET_SURVEYMONKEY_API_TOKEN"), env.get("WEBHOOK_SECRET_QUALTRICS_API_TOKEN"));
        env.putIfAbsent("SURVEYMONKEY_API_BASE_URL", sampleApis.baseUrl().toString());
        env.putIfAbsent("QUALTRICS_API_BASE_URL", sampleApis.baseUrl().toString());
        env.putAll(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("TOPIC_ARN", resources.topicArn());
        // Listening before the functions are built: the links in follow-ups point at this very port.
        this.api = new ApiGatewayServer(host, port, log);
        env.putIfAbsent(ActionLinkSettings.PUBLIC_BASE_URL.variable(), "http://localhost:" + api.port());
        env.putIfAbsent(ActionLinkSettings.ACTION_LINK_KEYS.variable(), LOCAL_ACTION_LINK_KEYS);
        // The desk signs in against a local issuer on the same port; the functions check its tokens as they check Cognito's.
        this.issuer = new LocalIssuer(URI.create("http://localhost:" + api.port()), LocalIssuer.USERS, Clock.systemUTC());
        api.serve(LocalIssuer.PATH + "/", issuer::serve);
        issuer.environment().forEach(env::putIfAbsent);
        // The Zendesk connector where configured: its queue as the template subscribes it, and a local Zendesk unless one is given.
        boolean zendeskConfigured = new Settings(env).optional(ZendeskSettings.ZENDESK_PARAMETER_PATH).isPresent();
        this.zendesk = zendeskConfigured && new Settings(env).optional(ZendeskSettings.ZENDESK_BASE_URL).isEmpty() ? new LocalZendesk() : null;
        if (zendesk != null) {
            env.put(ZendeskSettings.ZENDESK_BASE_URL.variable(), zendesk.baseUrl());
        }
        if (zendeskConfigured) {
            env.put(ZendeskSettings.ZENDESK_QUEUE_URL.variable(),
                    subscribedQueue(aws, name + "-zendesk", resources.topicArn(), ZendeskFunction.FILTER_POLICY));
            env.put(ZendeskSettings.ZENDESK_DEAD_LETTER_QUEUE_URL.variable(),
                    aws.sqs().createQueue(r -> r.queueName(name + "-zendesk-dlq")).queueUrl());
        }
        // The HubSpot connector likewise; HubSpot signs the target URL as entered in the app, here the stack's own.
        boolean hubspotConfigured = new Settings(env).optional(HubSpotSettings.HUBSPOT_PARAMETER_PATH).isPresent();
        this.hubspot = hubspotConfigured && new Settings(env).optional(HubSpotSettings.HUBSPOT_BASE_URL).isEmpty() ? new LocalHubSpot() : null;
        if (hubspot != null) {
            env.put(HubSpotSettings.HUBSPOT_BASE_URL.variable(), hubspot.baseUrl());
        }
        if (hubspotConfigured) {
            env.putIfAbsent(HubSpotSettings.HUBSPOT_WEBHOOK_URL.variable(), "http://localhost:" + api.port() + "/connectors/hubspot");
            env.put(HubSpotSettings.HUBSPOT_QUEUE_URL.variable(),
                    subscribedQueue(aws, name + "-hubspot", resources.topicArn(), HubSpotFunction.FILTER_POLICY));
            env.put(HubSpotSettings.HUBSPOT_DEAD_LETTER_QUEUE_URL.variable(),
                    aws.sqs().createQueue(r -> r.queueName(name + "-hubspot-dlq")).queueUrl());
        }
        this.functionEnvironment = Map.copyOf(env);

        var dispatch = new DispatchFunction(new Settings(functionEnvironment));
        var dispatchLog = ApiGatewayServer.prefixed(log, "[dispatch] ");
        this.stream = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                event -> dispatch.handleRequest(event, new LocalContext("dispatch", dispatchLog)),
                dispatchOptions(resources.deadLetterQueueUrl()));
        stream.start(Duration.ofMillis(250));

        // The second consumer of the same stream, as in the template: the report's counters.
        var counters = new CountersFunction(new Settings(functionEnvironment));
        var countersLog = ApiGatewayServer.prefixed(log, "[counters] ");
        this.countersStream = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                event -> counters.handleRequest(event, new LocalContext("counters", countersLog)),
                StreamEventSource.Options.counters(resources.deadLetterQueueUrl()));
        countersStream.start(Duration.ofMillis(500));

        // The fetch function on the same stream, with the template's filter: pending fetches only.
        var fetch = new FetchFunction(new Settings(functionEnvironment));
        var fetchLog = ApiGatewayServer.prefixed(log, "[fetch] ");
        this.fetchStream = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                event -> fetch.handleRequest(event, new LocalContext("fetch", fetchLog)),
                StreamEventSource.Options.fetches(resources.deadLetterQueueUrl()));
        fetchStream.start(Duration.ofMillis(250));

        var settings = new Settings(functionEnvironment);
        var ingest = new IngestFunction(settings);
        var cases = new CasesFunction(settings);
        var report = new ReportFunction(settings);
        var erasure = new ErasureFunction(settings);
        var dynamoDb = new AwsClients(settings).dynamoDb();
        this.files = new LocalFiles(Path.of(settings.string(LocalStackSettings.LOCAL_DATA_DIR)),
                sink -> ExportFunction.exporter(settings, dynamoDb, sink, Clock.systemUTC()),
                ReportFunction.outcomes(settings, dynamoDb, Clock.systemUTC()), ReportFunction.conversions(settings, dynamoDb, Clock.systemUTC()),
                log);
        var routes = new java.util.ArrayList<ApiGatewayServer.Route>(List.of(
                new ApiGatewayServer.Route("POST", "POST /webhooks/{source}", Pattern.compile("/webhooks/([^/]+)/?"),
                        "ingest", ingest::handleRequest),
                new ApiGatewayServer.Route("HEAD", "HEAD /webhooks/{source}", Pattern.compile("/webhooks/([^/]+)/?"),
                        "ingest", ingest::handleRequest),
                new ApiGatewayServer.Route("POST", "POST /webhooks/{source}/{token}", Pattern.compile("/webhooks/([^/]+)/([^/]+)/?"),
                        "ingest", ingest::handleRequest),
                new ApiGatewayServer.Route("GET", "GET /quarantine", Pattern.compile("/quarantine/?"),
                        "ingest", ingest::handleRequest),
                new ApiGatewayServer.Route("GET", "GET /quarantine/{id}", Pattern.compile("/quarantine/([^/]+)/?"),
                        "ingest", ingest::handleRequest),
                new ApiGatewayServer.Route("POST", "POST /quarantine/{id}/replay", Pattern.compile("/quarantine/([^/]+)/replay/?"),
                        "ingest", ingest::handleRequest),
                new ApiGatewayServer.Route("POST", "POST /cases/{id}/events", Pattern.compile("/cases/([^/]+)/events/?"),
                        "cases", cases::handleRequest),
                new ApiGatewayServer.Route("GET", "GET /cases/{id}", Pattern.compile("/cases/([^/]+)/?"),
                        "cases", cases::handleRequest),
                new ApiGatewayServer.Route("GET", "GET /cases", Pattern.compile("/cases/?"), "cases", cases::handleRequest),
                new ApiGatewayServer.Route("GET", "GET " + ActionLink.PATH, Pattern.compile(Pattern.quote(ActionLink.PATH)), "cases",
                        cases::handleRequest),
                new ApiGatewayServer.Route("POST", "POST " + ActionLink.PATH, Pattern.compile(Pattern.quote(ActionLink.PATH)), "cases",
                        cases::handleRequest),
                // A promoter's referral page: open, the token in the path is the proof.
                new ApiGatewayServer.Route("GET", "GET " + ReferralLink.ROUTE, Pattern.compile(Pattern.quote(ReferralLink.PATH) + "([^/]+)"),
                        "cases", cases::handleRequest),
                new ApiGatewayServer.Route("POST", "POST " + ReferralLink.ROUTE, Pattern.compile(Pattern.quote(ReferralLink.PATH) + "([^/]+)"),
                        "cases", cases::handleRequest),
                new ApiGatewayServer.Route("GET", "GET " + DeskSignIn.CONFIG_PATH, Pattern.compile(Pattern.quote(DeskSignIn.CONFIG_PATH)),
                        "cases", cases::handleRequest),
                new ApiGatewayServer.Route("GET", "GET " + DeskSignIn.ME_PATH, Pattern.compile(Pattern.quote(DeskSignIn.ME_PATH)),
                        "cases", cases::handleRequest),
                // The desk's JSON routes: a local issuer's token, checked by the function as in AWS.
                new ApiGatewayServer.Route("GET", "GET /desk/api/queue", Pattern.compile("/desk/api/queue/?"), "cases",
                        cases::handleRequest),
                new ApiGatewayServer.Route("GET", "GET /desk/api/lead", Pattern.compile("/desk/api/lead/?"), "cases",
                        cases::handleRequest),
                new ApiGatewayServer.Route("GET", "GET /desk/api/cases/{id}", Pattern.compile("/desk/api/cases/([^/]+)/?"), "cases",
                        cases::handleRequest),
                deskStep("claim", cases), deskStep("assign", cases), deskStep("attempts", cases), deskStep("events", cases),
                deskStep("outcomes", cases), deskStep("referrals", cases),
                new ApiGatewayServer.Route("POST", "POST /desk/api/leads/{leadId}/conversion",
                        Pattern.compile("/desk/api/leads/([^/]+)/conversion/?"), "cases", cases::handleRequest),
                new ApiGatewayServer.Route("GET", "GET " + DeskTeams.PEOPLE_PATH, Pattern.compile(Pattern.quote(DeskTeams.PEOPLE_PATH)),
                        "cases", cases::handleRequest),
                new ApiGatewayServer.Route("GET", "GET " + DeskTeams.TEAMS_PATH, Pattern.compile(Pattern.quote(DeskTeams.TEAMS_PATH)),
                        "cases", cases::handleRequest),
                new ApiGatewayServer.Route("PUT", "PUT " + DeskTeams.MEMBER_PATH, Pattern.compile("/desk/api/teams/([^/]+)/members/([^/]+)"),
                        "cases", cases::handleRequest),
                new ApiGatewayServer.Route("DELETE", "DELETE " + DeskTeams.MEMBER_PATH,
                        Pattern.compile("/desk/api/teams/([^/]+)/members/([^/]+)"), "cases", cases::handleRequest),
                new ApiGatewayServer.Route("PUT", "PUT " + DeskTeams.ROLE_PATH, Pattern.compile("/desk/api/people/([^/]+)/roles/([^/]+)"),
                        "cases", cases::handleRequest),
                new ApiGatewayServer.Route("DELETE", "DELETE " + DeskTeams.ROLE_PATH,
                        Pattern.compile("/desk/api/people/([^/]+)/roles/([^/]+)"), "cases", cases::handleRequest),
                // The desk's page and its files: open, as in AWS.
                new ApiGatewayServer.Route("GET", "GET /desk", Pattern.compile("/desk"), "cases", cases::handleRequest),
                new ApiGatewayServer.Route("GET", "GET " + DeskPage.PATH, Pattern.compile(Pattern.quote(DeskPage.PATH)), "cases",
                        cases::handleRequest),
                new ApiGatewayServer.Route("GET", "GET " + DeskPage.ASSETS + "{asset}",
                        Pattern.compile(Pattern.quote(DeskPage.ASSETS) + "([^/]+)"), "cases", cases::handleRequest),
                new ApiGatewayServer.Route("POST", "POST /outcomes", Pattern.compile("/outcomes/?"), "report", report::handleRequest),
                new ApiGatewayServer.Route("POST", "POST /leads/{leadId}/conversion", Pattern.compile("/leads/([^/]+)/conversion/?"),
                        "report", report::handleRequest),
                new ApiGatewayServer.Route("GET", "GET /reports/roi", Pattern.compile("/reports/roi/?"), "report",
                        report::handleRequest),
                new ApiGatewayServer.Route("DELETE", "DELETE /customers/{id}", Pattern.compile("/customers/([^/]+)/?"), "erasure",
                        erasure::handleRequest),
                new ApiGatewayServer.Route("DELETE", "DELETE /referred-people", Pattern.compile("/referred-people/?"), "erasure",
                        erasure::handleRequest),
                // Local only: in AWS the exports are files in the export bucket.
                new ApiGatewayServer.Route("GET", "GET /exports/{file}", Pattern.compile("/exports/([^/]+)"), "export",
                        files::serve)));
        // Zendesk's webhook, where the connector is configured (ZENDESK_PARAMETER_PATH, ZENDESK_SECRETS), as in the template.
        if (settings.optional(ZendeskSettings.ZENDESK_PARAMETER_PATH).isPresent()) {
            var zendeskWebhook = new ZendeskWebhookFunction(settings);
            routes.add(new ApiGatewayServer.Route("POST", "POST /connectors/zendesk", Pattern.compile("/connectors/zendesk/?"),
                    "zendesk-webhook", zendeskWebhook::handleRequest));
            if (zendesk != null) {
                // The trigger of docs/connectors.md, on the local Zendesk: a solved ticket comes back here, signed.
                var secret = ConnectorParameters.parse(settings.optional(ZendeskSettings.ZENDESK_SECRETS).orElse(""),
                        ZendeskSettings.ZENDESK_SECRETS).get("webhook-secret");
                if (secret != null) {
                    zendesk.webhook(URI.create("http://localhost:" + api.port() + "/connectors/zendesk"), secret);
                }
            }
        }
        // HubSpot's webhook, where the connector is configured (HUBSPOT_PARAMETER_PATH, HUBSPOT_SECRETS), as in the template.
        if (settings.optional(HubSpotSettings.HUBSPOT_PARAMETER_PATH).isPresent()) {
            var hubspotWebhook = new HubSpotWebhookFunction(settings);
            routes.add(new ApiGatewayServer.Route("POST", "POST /connectors/hubspot", Pattern.compile("/connectors/hubspot/?"),
                    "hubspot-webhook", hubspotWebhook::handleRequest));
            if (hubspot != null) {
                // The app's webhook subscription, on the local HubSpot: a completed task comes back here, signed v3.
                var secret = ConnectorParameters.parse(settings.optional(HubSpotSettings.HUBSPOT_SECRETS).orElse(""),
                        HubSpotSettings.HUBSPOT_SECRETS).get("client-secret");
                if (secret != null) {
                    hubspot.webhook(URI.create(settings.required(HubSpotSettings.HUBSPOT_WEBHOOK_URL)), secret);
                }
            }
        }
        api.routes(List.copyOf(routes));

        // EventBridge's schedule, on this machine: look for overdue cases every so often.
        var escalation = new EscalationFunction(settings, Clock.systemUTC());
        var escalationLog = ApiGatewayServer.prefixed(log, "[escalation] ");
        long every = settings.positiveInt(LocalStackSettings.ESCALATION_INTERVAL_SECONDS);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "escalation-schedule");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                escalation.handleRequest(new ScheduledEvent(), new LocalContext("escalation", escalationLog));
            } catch (RuntimeException e) {
                escalationLog.println("run failed: " + e.getClass().getSimpleName());
            }
        }, every, every, TimeUnit.SECONDS);
        // The chat queue and Lambda's SQS event source, where a local route is given (CHAT_ROUTES, CHAT_WEBHOOKS).
        if (settings.optional(ChatSettings.CHAT_ROUTES).isPresent()) {
            var chat = new ChatFunction(settings);
            var chatLog = ApiGatewayServer.prefixed(log, "[chat] ");
            var chatQueue = subscribedQueue(aws, name + "-chat", resources.topicArn(), ChatFunction.FILTER_POLICY);
            poll(aws, chatQueue, event -> chat.handleRequest(event, new LocalContext("chat", chatLog)), chatLog);
        }
        // The Zendesk queue and Lambda's SQS event source, where the connector is configured.
        if (zendeskConfigured) {
            var tickets = new ZendeskFunction(settings);
            var zendeskLog = ApiGatewayServer.prefixed(log, "[zendesk] ");
            poll(aws, settings.required(ZendeskSettings.ZENDESK_QUEUE_URL),
                    event -> tickets.handleRequest(event, new LocalContext("zendesk", zendeskLog)), zendeskLog);
        }
        // The HubSpot queue and Lambda's SQS event source, where the connector is configured.
        if (hubspotConfigured) {
            var tasks = new HubSpotFunction(settings);
            var hubspotLog = ApiGatewayServer.prefixed(log, "[hubspot] ");
            poll(aws, settings.required(HubSpotSettings.HUBSPOT_QUEUE_URL),
                    event -> tasks.handleRequest(event, new LocalContext("hubspot", hubspotLog)), hubspotLog);
        }
        // S3's notification of a new object under imports/, on this machine: look for new files.
        scheduler.scheduleWithFixedDelay(files::importNewFiles, 1, 2, TimeUnit.SECONDS);
    }

    /** The dispatch function's mapping as the template's: pending follow-ups and escalations, and steps on cases. */
    static StreamEventSource.Options dispatchOptions(String deadLetterQueueUrl) {
        return StreamEventSource.Options.defaults(deadLetterQueueUrl).orAlso(EventPatterns.predicate(RelationshipChange.FILTER_PATTERN));
    }

    /**
     * A queue subscribed to the topic, enveloped, as the template's ChatQueue and ZendeskQueue (with its
     * filter policy, if any); hidden 30 s after a receive.
     */
    private static String subscribedQueue(LocalAws aws, String queueName, String topicArn, String filterPolicy) {
        var url = aws.sqs().createQueue(r -> r.queueName(queueName)
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"))).queueUrl();
        var arn = aws.sqs().getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        aws.sns().subscribe(r -> {
            r.topicArn(topicArn).protocol("sqs").endpoint(arn);
            if (filterPolicy != null) {
                r.attributes(Map.of("FilterPolicy", filterPolicy));
            }
        });
        return url;
    }

    /** Lambda's SQS event source for {@code function}, polling every second. */
    private void poll(LocalAws aws, String queueUrl, Function<SQSEvent, SQSBatchResponse> function, PrintStream log) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                pollOnce(aws, queueUrl, function);
            } catch (RuntimeException e) {
                log.println("poll failed: " + e.getClass().getSimpleName());
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** One poll as Lambda's SQS event source makes it: what the function does not report as failed is deleted. */
    private static void pollOnce(LocalAws aws, String queueUrl, Function<SQSEvent, SQSBatchResponse> function) {
        var messages = aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
        if (messages.isEmpty()) {
            return;
        }
        QueueEventSource.deliver(aws, queueUrl, messages, function);
    }

    /** Starts DynamoDB Local and fauxqs, or uses {@code aws} if given, and serves on {@code port} (0 for any). */
    public static LocalStack start(LocalAws aws, String name, String host, int port,
                                   Map<String, String> environment, PrintStream log) {
        boolean owns = aws == null;
        var emulators = owns ? LocalAws.start() : aws;
        try {
            return new LocalStack(emulators, owns, name, host, port, environment, log);
        } catch (IOException e) {
            if (owns) {
                emulators.close();
            }
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (owns) {
                emulators.close();
            }
            throw e;
        }
    }

    public URI baseUrl() {
        return URI.create("http://localhost:" + api.port());
    }

    /** The desk's page, where people sign in with the local issuer's users. */
    public URI deskUrl() {
        return URI.create(issuer.redirectUri());
    }

    /** The local issuer's users (email, password, groups), printed at start-up. */
    List<LocalIssuer.User> deskUsers() {
        return issuer.users();
    }

    /** Where exports are written and CSV files of outcomes are picked up. */
    public Path dataDirectory() {
        return files.root();
    }

    public LocalAws aws() {
        return aws;
    }

    /** The local Zendesk the connector opens tickets in, where it is configured and no other Zendesk is given. */
    public Optional<LocalZendesk> zendesk() {
        return Optional.ofNullable(zendesk);
    }

    /** The local HubSpot the connector opens tasks in, where it is configured and no other HubSpot is given. */
    public Optional<LocalHubSpot> hubspot() {
        return Optional.ofNullable(hubspot);
    }

    public LocalAws.Resources resources() {
        return resources;
    }

    /** What the functions were given: the secrets the samples are signed with, among others. */
    public Map<String, String> functionEnvironment() {
        return functionEnvironment;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        api.close();
        stream.close();
        countersStream.close();
        fetchStream.close();
        sampleApis.close();
        if (zendesk != null) {
            zendesk.close();
        }
        if (hubspot != null) {
            hubspot.close();
        }
        if (ownsAws) {
            aws.close();
        }
    }

    private static ApiGatewayServer.Route deskStep(String step, CasesFunction cases) {
        return new ApiGatewayServer.Route("POST", "POST /desk/api/cases/{id}/" + step,
                Pattern.compile("/desk/api/cases/([^/]+)/" + step + "/?"), "cases", cases::handleRequest);
    }
}
