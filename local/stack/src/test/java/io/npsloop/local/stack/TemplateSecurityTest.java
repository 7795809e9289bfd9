package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What template.yaml grants and protects, read from the template itself: each function may do
 * only its own actions on its own resources, data is encrypted at rest (optionally with a
 * customer-managed key), webhooks are throttled, and a record parked in the dead-letter queue
 * raises an alarm. {@code cfn-lint template.yaml} checks the rest of the template.
 */
class TemplateSecurityTest {

    private static Map<String, Object> resources;
    private static Map<String, Object> parameters;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws Exception {
        Map<String, Object> template = CloudFormationYaml.template();
        resources = (Map<String, Object>) template.get("Resources");
        parameters = (Map<String, Object>) template.get("Parameters");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }

    private static Map<String, Object> properties(String resource) {
        return map(map(resources.get(resource)).get("Properties"));
    }

    private static Map<String, Object> ref(String name) {
        return Map.of("Ref", name);
    }

    private static Map<String, Object> getAtt(String resource, String attribute) {
        return Map.of("Fn::GetAtt", List.of(resource, attribute));
    }

    private static final Object TABLE = getAtt("ResponsesTable", "Arn");

    private static Object index(String name) {
        return Map.of("Fn::Sub", "${ResponsesTable.Arn}/index/" + name);
    }
    private static final Object OPEN_CASES_INDEX = index("OpenCasesByDue");
    private static final Object SECRETS = Map.of("Fn::Sub",
            "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${WebhookSecretParameterPrefix}*");
    private static final Object KMS_KEY = ref("KmsKeyArn");
    /** The one parameter holding the action link key ring: read by the function that signs and the one that checks. */
    private static final Object LINK_KEYS = Map.of("Fn::Sub",
            "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${ActionLinkKeyParameter}");

    private static final Object CHAT_WEBHOOKS = Map.of("Fn::Sub",
            "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${ChatWebhookParameterPath}*");

    /** A path in the export bucket as the import function names it: by the bucket's name, built from the stack id. */
    private static Object exportBucketPath(String path) {
        return Map.of("Fn::Sub", List.of("arn:${AWS::Partition}:s3:::nps-loop-exports-${Id}/" + path,
                Map.of("Id", Map.of("Fn::Select", List.of(2, Map.of("Fn::Split", List.of("/", ref("AWS::StackId"))))))));
    }

    /** Action, resource: each function's grants, with the policy statement's resource as written. */
    private record Grant(String action, Object resource) {}

    /**
     * Every statement of a function's inline policies, the customer-managed key's one included
     * (it only exists when the key is given), as (action, resource) pairs.
     */
    private static List<Grant> grants(String function) {
        var grants = new ArrayList<Grant>();
        for (var policy : list(properties(function).getOrDefault("Policies", List.of()))) {
            var entry = map(policy);
            if (entry.containsKey("Fn::If")) {
                var branches = list(entry.get("Fn::If"));
                assertThat(branches.get(0)).as("%s: only the key's and the connectors' credentials' statements are conditional", function)
                        .isIn("HasKmsKey", "HasZendesk", "HasHubSpot");
                assertThat(branches.get(2)).isEqualTo(ref("AWS::NoValue"));
                entry = map(branches.get(1));
            }
            if (entry.containsKey("SNSPublishMessagePolicy")) {
                // SAM's policy template: sns:Publish on the named topic only.
                assertThat(map(entry.get("SNSPublishMessagePolicy"))).containsEntry("TopicName", getAtt("FollowUpTopic", "TopicName"));
                grants.add(new Grant("sns:Publish", "FollowUpTopic"));
                continue;
            }
            assertThat(entry.keySet()).as("%s: inline statements or named SAM templates only", function).containsExactly("Statement");
            for (var statement : list(entry.get("Statement"))) {
                var s = map(statement);
                assertThat(s.get("Effect")).isEqualTo("Allow");
                assertThat(s).doesNotContainKeys("NotAction", "NotResource");
                for (var action : list(s.get("Action"))) {
                    for (var resource : list(s.get("Resource"))) {
                        grants.add(new Grant((String) action, resource));
                    }
                }
            }
        }
        return grants;
    }

    @Test
    void eachFunctionMayDoOnlyItsOwnActionsOnItsOwnResources() {
        var expected = new LinkedHashMap<String, Set<Grant>>();
        expected.put("IngestFunction", Set.of(
                new Grant("dynamodb:GetItem", TABLE), new Grant("dynamodb:PutItem", TABLE), new Grant("dynamodb:UpdateItem", TABLE),
                new Grant("dynamodb:ConditionCheckItem", TABLE), new Grant("dynamodb:Query", TABLE),
                new Grant("ssm:GetParameter", SECRETS)));
        expected.put("DispatchFunction", Set.of(
                new Grant("sns:Publish", "FollowUpTopic"),
                new Grant("dynamodb:GetItem", TABLE), new Grant("dynamodb:UpdateItem", TABLE),
                new Grant("kms:GenerateDataKey", KMS_KEY), new Grant("kms:Decrypt", KMS_KEY),
                new Grant("ssm:GetParameter", LINK_KEYS)));
        // Cases also reads and changes the desk pool's groups, never its accounts: the calls CognitoDeskDirectory makes.
        var cases = new java.util.HashSet<>(Set.of(
                new Grant("dynamodb:GetItem", TABLE), new Grant("dynamodb:BatchGetItem", TABLE), new Grant("dynamodb:PutItem", TABLE),
                new Grant("dynamodb:UpdateItem", TABLE), new Grant("dynamodb:Query", TABLE),
                new Grant("dynamodb:Query", OPEN_CASES_INDEX), new Grant("dynamodb:Query", index("OpenCasesByOwner")),
                new Grant("dynamodb:Query", index("OpenCasesByTier")), new Grant("dynamodb:Query", index("OpenCasesBySource")),
                new Grant("dynamodb:Query", index("ResponsesByAccount")),
                new Grant("ssm:GetParameter", LINK_KEYS)));
        for (var action : List.of("ListGroups", "ListUsersInGroup", "AdminGetUser", "AdminListGroupsForUser", "AdminAddUserToGroup",
                "AdminRemoveUserFromGroup", "CreateGroup")) {
            cases.add(new Grant("cognito-idp:" + action, getAtt("DeskUserPool", "Arn")));
        }
        expected.put("CasesFunction", Set.copyOf(cases));
        // Chat: keeps follow-ups for a digest (and reads an absent key while priming), reads the webhooks under their path,
        // moves refusals aside.
        expected.put("ChatFunction", Set.of(
                new Grant("dynamodb:GetItem", TABLE), new Grant("dynamodb:PutItem", TABLE), new Grant("ssm:GetParameter", CHAT_WEBHOOKS),
                new Grant("sqs:SendMessage", getAtt("ChatDeadLetterQueue", "Arn"))));
        expected.put("ChatDigestFunction", Set.of(
                new Grant("dynamodb:GetItem", TABLE), new Grant("dynamodb:PutItem", TABLE), new Grant("dynamodb:Query", TABLE),
                new Grant("dynamodb:Query", OPEN_CASES_INDEX), new Grant("ssm:GetParameter", CHAT_WEBHOOKS)));
        // Zendesk: claims each ticket and stores its id, reads its credentials under their path, extends a throttled
        // message's visibility, moves refusals aside; its webhook moves cases and keeps the signatures it accepted.
        var zendeskCredentials = Map.of("Fn::Sub", "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${ZendeskParameterPath}*");
        expected.put("ZendeskFunction", Set.of(
                new Grant("dynamodb:GetItem", TABLE), new Grant("dynamodb:UpdateItem", TABLE), new Grant("ssm:GetParameter", zendeskCredentials),
                new Grant("sqs:ChangeMessageVisibility", getAtt("ZendeskQueue", "Arn")),
                new Grant("sqs:SendMessage", getAtt("ZendeskDeadLetterQueue", "Arn"))));
        expected.put("ZendeskWebhookFunction", Set.of(
                new Grant("dynamodb:GetItem", TABLE), new Grant("dynamodb:PutItem", TABLE), new Grant("dynamodb:UpdateItem", TABLE),
                new Grant("ssm:GetParameter", zendeskCredentials)));
        // HubSpot: claims each task, stores its id and the way back from it, reads its credentials under their path,
        // reads the customer's and the account's cases for the relationship's properties,
        // extends a throttled message's visibility, moves refusals aside; its webhook moves cases and keeps signatures.
        var hubspotCredentials = Map.of("Fn::Sub", "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${HubSpotParameterPath}*");
        expected.put("HubSpotFunction", Set.of(
                new Grant("dynamodb:GetItem", TABLE), new Grant("dynamodb:PutItem", TABLE), new Grant("dynamodb:UpdateItem", TABLE),
                new Grant("dynamodb:BatchGetItem", TABLE), new Grant("dynamodb:Query", index("ResponsesByAccount")),
                new Grant("ssm:GetParameter", hubspotCredentials),
                new Grant("sqs:ChangeMessageVisibility", getAtt("HubSpotQueue", "Arn")),
                new Grant("sqs:SendMessage", getAtt("HubSpotDeadLetterQueue", "Arn"))));
        expected.put("HubSpotWebhookFunction", Set.of(
                new Grant("dynamodb:GetItem", TABLE), new Grant("dynamodb:PutItem", TABLE), new Grant("dynamodb:UpdateItem", TABLE),
                new Grant("ssm:GetParameter", hubspotCredentials)));
        expected.put("EscalationFunction", Set.of(
                new Grant("dynamodb:UpdateItem", TABLE), new Grant("dynamodb:Query", OPEN_CASES_INDEX)));
        expected.put("FetchFunction", Set.of(
                new Grant("dynamodb:GetItem", TABLE), new Grant("dynamodb:PutItem", TABLE), new Grant("dynamodb:UpdateItem", TABLE),
                new Grant("dynamodb:ConditionCheckItem", TABLE), new Grant("ssm:GetParameter", SECRETS)));
        expected.put("ReportFunction", Set.of(
                new Grant("dynamodb:GetItem", TABLE), new Grant("dynamodb:PutItem", TABLE), new Grant("dynamodb:UpdateItem", TABLE),
                new Grant("dynamodb:Query", TABLE)));
        // Erasure also reads the Zendesk and HubSpot credentials where those connectors are deployed, to delete what they created.
        expected.put("ErasureFunction", Set.of(
                new Grant("dynamodb:GetItem", TABLE), new Grant("dynamodb:DeleteItem", TABLE), new Grant("dynamodb:UpdateItem", TABLE),
                new Grant("dynamodb:Query", TABLE), new Grant("dynamodb:Scan", TABLE), new Grant("ssm:GetParameter", zendeskCredentials),
                new Grant("ssm:GetParameter", hubspotCredentials)));
        expected.put("CountersFunction", Set.of(
                new Grant("dynamodb:GetItem", TABLE), new Grant("dynamodb:PutItem", TABLE), new Grant("dynamodb:UpdateItem", TABLE)));
        expected.put("ExportFunction", Set.of(
                new Grant("dynamodb:Scan", TABLE), new Grant("dynamodb:Query", TABLE),
                new Grant("s3:PutObject", Map.of("Fn::Sub", "${ExportBucket.Arn}/cases/*")),
                new Grant("s3:PutObject", Map.of("Fn::Sub", "${ExportBucket.Arn}/cases-csv/*")),
                new Grant("s3:PutObject", Map.of("Fn::Sub", "${ExportBucket.Arn}/reports/*")),
                new Grant("s3:PutObject", Map.of("Fn::Sub", "${ExportBucket.Arn}/latest/*"))));
        // The hourly uplift estimate reads the segment counters and rewrites its one item.
        expected.put("UpliftFunction", Set.of(
                new Grant("dynamodb:GetItem", TABLE), new Grant("dynamodb:PutItem", TABLE), new Grant("dynamodb:Query", TABLE)));
        // The desk pool's token trigger reads only the event Cognito hands it.
        expected.put("DeskTokenClaimsFunction", Set.of());
        expected.put("OutcomesImportFunction", Set.of(
                new Grant("dynamodb:GetItem", TABLE), new Grant("dynamodb:PutItem", TABLE), new Grant("dynamodb:UpdateItem", TABLE),
                new Grant("s3:GetObject", exportBucketPath("imports/*")),
                new Grant("s3:PutObject", exportBucketPath("imports/results/*"))));

        var functions = resources.entrySet().stream()
                .filter(e -> "AWS::Serverless::Function".equals(map(e.getValue()).get("Type"))).map(Map.Entry::getKey).toList();
        assertThat(functions).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((function, grants) -> {
            assertThat(grants(function)).as(function).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(grants);
            assertThat(grants(function)).as("%s: no wildcard action or resource", function)
                    .noneMatch(g -> g.action().contains("*") || "*".equals(g.resource()));
            assertThat(properties(function)).as("%s: SAM builds the role from Policies", function).doesNotContainKey("Role");
        });
        // Only the erasure function deletes, and nobody batch-writes; only the daily export and the
        // erasure (for items stored before a customer's index existed) scan.
        assertThat(expected.values().stream().flatMap(Set::stream).map(Grant::action))
                .doesNotContain("dynamodb:BatchWriteItem", "dynamodb:*");
        assertThat(expected.entrySet()).filteredOn(e -> e.getValue().stream().anyMatch(g -> g.action().equals("dynamodb:DeleteItem")))
                .extracting(Map.Entry::getKey).containsExactly("ErasureFunction");
        assertThat(expected.entrySet()).filteredOn(e -> e.getValue().stream().anyMatch(g -> g.action().equals("dynamodb:Scan")))
                .extracting(Map.Entry::getKey).containsExactlyInAnyOrder("ExportFunction", "ErasureFunction");
    }

    @Test
    void erasureIsReachableOnlyWithIamCredentials() {
        var route = map(map(map(properties("ErasureFunction").get("Events")).get("EraseCustomer")).get("Properties"));
        assertThat(route).containsEntry("Path", "/customers/{id}").containsEntry("Method", "DELETE")
                .containsEntry("Auth", Map.of("Authorizer", "AWS_IAM"));
    }

    /** The desk's JWT authorizer as a route names it: a desk access token, which carries the openid scope (id tokens carry none). */
    private static final Map<String, Object> DESK_TOKEN = Map.of("Authorizer", "DeskAuthorizer", "AuthorizationScopes", List.of("openid"));

    @Test
    void amongTheCasesRoutesOnlyTheActionLinkPageTheReferralPageTheDesksPageAndItsSignInSettingsAreOpenAndEveryDeskApiRouteNeedsADeskToken() {
        var routes = new java.util.TreeMap<String, Object>();
        map(properties("CasesFunction").get("Events")).values().forEach(event -> {
            var route = map(map(event).get("Properties"));
            routes.put(route.get("Method") + " " + route.get("Path"), route.getOrDefault("Auth", "NONE"));
        });
        var iam = Map.of("Authorizer", "AWS_IAM");
        var open = Set.of("GET " + io.npsloop.domain.cases.ActionLink.PATH, "POST " + io.npsloop.domain.cases.ActionLink.PATH,
                "GET " + io.npsloop.domain.cases.ReferralLink.ROUTE, "POST " + io.npsloop.domain.cases.ReferralLink.ROUTE,
                "GET /desk/config.json", "GET /desk", "GET /desk/", "GET /desk/assets/{asset}");
        assertThat(routes).containsAllEntriesOf(Map.of(
                "POST /cases/{id}/events", iam, "GET /cases/{id}", iam, "GET /cases", iam, "GET /desk/api/me", DESK_TOKEN));
        routes.forEach((route, auth) -> {
            var path = route.substring(route.indexOf(' ') + 1);
            if (path.startsWith("/desk/api/")) {
                assertThat(auth).as("%s: the desk's JSON routes take a desk access token, never nothing", route).isEqualTo(DESK_TOKEN);
            } else if (open.contains(route)) {
                assertThat(auth).as(route).isEqualTo("NONE");
            } else {
                assertThat(auth).as("%s: every other cases route is IAM-authorised", route).isEqualTo(iam);
            }
        });
    }

    @Test
    void noOtherFunctionTakesDeskTokensOrServesDeskApiRoutes() {
        resources.forEach((id, resource) -> {
            if (!"AWS::Serverless::Function".equals(map(resource).get("Type")) || id.equals("CasesFunction")) {
                return;
            }
            map(map(map(resource).get("Properties")).getOrDefault("Events", Map.of())).values().forEach(event -> {
                var route = map(map(map(event).get("Properties")));
                assertThat(String.valueOf(route.get("Path"))).as(id).doesNotStartWith("/desk/");
                assertThat(route.get("Auth")).as(id).isNotEqualTo(DESK_TOKEN);
            });
        });
    }

    @Test
    void theDeskAuthorizerAndTheCasesFunctionCheckTheSameIssuerAndClient() {
        var auth = map(properties("WebhookApi").get("Auth"));
        assertThat(auth).containsEntry("EnableIamAuthorizer", true);
        var desk = map(map(auth.get("Authorizers")).get("DeskAuthorizer"));
        assertThat(desk).containsEntry("IdentitySource", "$request.header.Authorization");
        var jwt = map(desk.get("JwtConfiguration"));
        var issuer = Map.of("Fn::Sub", "https://${DeskUserPool.ProviderURL}");
        assertThat(jwt).containsEntry("issuer", issuer).containsEntry("audience", List.of(ref("DeskClient")));
        var env = map(map(properties("CasesFunction").get("Environment")).get("Variables"));
        assertThat(env).containsEntry("DESK_ISSUER", issuer).containsEntry("DESK_CLIENT_ID", ref("DeskClient"));
    }

    @Test
    void theDeskSignsInWithItsOwnPoolOfStaffCreatedByAdminsThroughAPublicCodeFlowClient() {
        var pool = properties("DeskUserPool");
        assertThat(map(pool.get("AdminCreateUserConfig"))).containsEntry("AllowAdminCreateUserOnly", true);
        assertThat(list(pool.get("UsernameAttributes"))).containsExactly("email");
        assertThat(pool).containsEntry("MfaConfiguration", "OPTIONAL").containsEntry("DeletionProtection", "ACTIVE");
        assertThat(list(pool.get("EnabledMfas"))).containsExactly("SOFTWARE_TOKEN_MFA");
        var password = map(map(pool.get("Policies")).get("PasswordPolicy"));
        assertThat((Integer) password.get("MinimumLength")).isGreaterThanOrEqualTo(12);

        var groups = resources.values().stream().map(TemplateSecurityTest::map)
                .filter(r -> "AWS::Cognito::UserPoolGroup".equals(r.get("Type")))
                .map(r -> map(r.get("Properties")))
                .peek(p -> assertThat(p).containsEntry("UserPoolId", ref("DeskUserPool")))
                .map(p -> p.get("GroupName")).toList();
        assertThat(groups).containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(io.npsloop.domain.desk.Role.values()).map(io.npsloop.domain.desk.Role::group).toList());

        var client = properties("DeskClient");
        assertThat(client).containsEntry("GenerateSecret", false).containsEntry("AllowedOAuthFlowsUserPoolClient", true)
                .containsEntry("PreventUserExistenceErrors", "ENABLED").containsEntry("EnableTokenRevocation", true);
        assertThat(list(client.get("AllowedOAuthFlows"))).containsExactly("code");
        assertThat(list(client.get("AllowedOAuthScopes"))).containsExactlyInAnyOrder("openid", "email", "profile");
        assertThat(list(client.get("ExplicitAuthFlows"))).as("no password sign-in outside the hosted pages")
                .containsExactly("ALLOW_REFRESH_TOKEN_AUTH");
        // The callback is the desk under the one public base URL, the same the function hands the page.
        var desk = Map.of("Fn::If", List.of("HasPublicBaseUrl", Map.of("Fn::Sub", "${PublicBaseUrl}/desk/"), "http://localhost:3000/desk/"));
        assertThat(list(client.get("CallbackURLs"))).containsExactly(desk);
        assertThat(list(client.get("LogoutURLs"))).containsExactly(desk);
        var env = map(map(properties("CasesFunction").get("Environment")).get("Variables"));
        assertThat(env).containsEntry("DESK_REDIRECT_URI", desk);
    }

    @Test
    void theDeskPoolRunsItsTokenTriggerOnAccessTokensAndOnlyThePoolMayInvokeIt() {
        var pool = properties("DeskUserPool");
        // V2_0 events, which may change access tokens, need the Essentials feature plan.
        assertThat(pool).containsEntry("UserPoolTier", "ESSENTIALS");
        var trigger = ref("DeskTokenClaimsFunction.Alias");
        assertThat(map(pool.get("LambdaConfig"))).containsOnlyKeys("PreTokenGenerationConfig");
        assertThat(map(map(pool.get("LambdaConfig")).get("PreTokenGenerationConfig")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("LambdaArn", trigger, "LambdaVersion", "V2_0"));
        assertThat(properties("DeskTokenClaimsFunction")).containsEntry("Handler", "io.npsloop.cases.desk.DeskTokenClaims::handleRequest")
                .doesNotContainKeys("Events", "Policies", "Environment");

        var permissions = resources.entrySet().stream().filter(e -> "AWS::Lambda::Permission".equals(map(e.getValue()).get("Type")))
                .map(e -> map(map(e.getValue()).get("Properties"))).toList();
        assertThat(permissions).containsExactly(Map.of("Action", "lambda:InvokeFunction", "FunctionName", trigger,
                "Principal", "cognito-idp.amazonaws.com", "SourceAccount", ref("AWS::AccountId"),
                "SourceArn", getAtt("DeskUserPool", "Arn")));
        // The pool names the function: the function naming the pool would be a circular dependency.
        assertThat(String.valueOf(map(resources.get("DeskTokenClaimsFunction")))).doesNotContain("DeskUserPool");
    }

    @Test
    void theWebhookUrlsAreOpenSinceTheToolsCallThemAndEveryOtherIngestRouteNeedsIam() {
        var routes = new java.util.TreeMap<String, Object>();
        map(properties("IngestFunction").get("Events")).values().forEach(event -> {
            var route = map(map(event).get("Properties"));
            routes.put(route.get("Method") + " " + route.get("Path"), route.getOrDefault("Auth", "NONE"));
        });
        var iam = Map.of("Authorizer", "AWS_IAM");
        assertThat(routes).containsExactlyInAnyOrderEntriesOf(Map.of(
                "POST /webhooks/{source}", "NONE",
                // SurveyMonkey's check of the URL before it creates a webhook.
                "HEAD /webhooks/{source}", "NONE",
                // Off unless URL_TOKEN_SOURCES names the source; the token is the proof.
                "POST /webhooks/{source}/{token}", "NONE",
                "GET /quarantine", iam, "GET /quarantine/{id}", iam, "POST /quarantine/{id}/replay", iam));
        assertThat(parameters).containsKey("UrlTokenSources");
        assertThat(map(parameters.get("UrlTokenSources"))).as("no source takes a URL token unless named").containsEntry("Default", "");
    }

    @Test
    void tableAndTopicAreEncryptedAtRestWithTheCustomerManagedKeyWhenOneIsGiven() {
        assertThat(parameters).containsKey("KmsKeyArn");
        assertThat(map(parameters.get("KmsKeyArn"))).containsEntry("Default", "");

        var sse = map(properties("ResponsesTable").get("SSESpecification"));
        assertThat(sse).containsEntry("SSEEnabled", true).containsEntry("SSEType", "KMS")
                .containsEntry("KMSMasterKeyId", Map.of("Fn::If", List.of("HasKmsKey", KMS_KEY, ref("AWS::NoValue"))));
        assertThat(properties("FollowUpTopic"))
                .containsEntry("KmsMasterKeyId", Map.of("Fn::If", List.of("HasKmsKey", KMS_KEY, "alias/aws/sns")));
        assertThat(properties("DispatchDeadLetterQueue")).containsEntry("SqsManagedSseEnabled", true);
    }

    @Test
    void webhooksAreThrottledByTheApiWithLimitsSetAsParameters() {
        var throttling = map(properties("WebhookApi").get("DefaultRouteSettings"));
        assertThat(throttling).containsEntry("ThrottlingRateLimit", ref("WebhookThrottleRate"))
                .containsEntry("ThrottlingBurstLimit", ref("WebhookThrottleBurst"));
        assertThat(parameters).containsKeys("WebhookThrottleRate", "WebhookThrottleBurst");
    }

    @Test
    void aRecordParkedByTheStreamAfterItsRetriesRaisesTheDeadLetterAlarm() {
        var stream = map(map(map(properties("DispatchFunction").get("Events")).get("ResponseStream")).get("Properties"));
        assertThat(stream).containsEntry("BisectBatchOnFunctionError", true).containsEntry("MaximumRetryAttempts", 5);
        assertThat(list(stream.get("FunctionResponseTypes"))).containsExactly("ReportBatchItemFailures");
        assertThat(map(map(stream.get("DestinationConfig")).get("OnFailure")))
                .containsEntry("Type", "SQS").containsEntry("Destination", getAtt("DispatchDeadLetterQueue", "Arn"));

        var alarm = properties("DeadLetterAlarm");
        assertThat(alarm).containsEntry("Namespace", "AWS/SQS").containsEntry("MetricName", "ApproximateNumberOfMessagesVisible")
                .containsEntry("Threshold", 0).containsEntry("ComparisonOperator", "GreaterThanThreshold")
                .containsEntry("EvaluationPeriods", 1);
        assertThat(list(alarm.get("Dimensions"))).containsExactly(
                Map.of("Name", "QueueName", "Value", getAtt("DispatchDeadLetterQueue", "QueueName")));
        assertThat(list(alarm.get("AlarmActions"))).containsExactly(ref("AlarmTopic"));
    }

    @Test
    void everyDeadLetterQueueRaisesAnAlarmWhenAnythingWaitsOnIt() {
        var queues = resources.entrySet().stream()
                .filter(e -> "AWS::SQS::Queue".equals(map(e.getValue()).get("Type")) && e.getKey().endsWith("DeadLetterQueue"))
                .map(Map.Entry::getKey).toList();
        assertThat(queues).contains("DispatchDeadLetterQueue", "ZendeskDeadLetterQueue", "HubSpotDeadLetterQueue", "ChatDeadLetterQueue");
        for (var queue : queues) {
            var alarms = resources.entrySet().stream()
                    .filter(e -> "AWS::CloudWatch::Alarm".equals(map(e.getValue()).get("Type")))
                    .filter(e -> list(map(map(e.getValue()).get("Properties")).getOrDefault("Dimensions", List.of()))
                            .contains(Map.of("Name", "QueueName", "Value", getAtt(queue, "QueueName"))))
                    .toList();
            assertThat(alarms).as("the alarm on %s", queue).hasSize(1);
            var alarm = map(alarms.get(0).getValue());
            assertThat(alarm.get("Condition")).as("%s: deployed with its queue", alarms.get(0).getKey())
                    .isEqualTo(map(resources.get(queue)).get("Condition"));
            assertThat(map(alarm.get("Properties"))).containsEntry("MetricName", "ApproximateNumberOfMessagesVisible")
                    .containsEntry("Threshold", 0).containsEntry("ComparisonOperator", "GreaterThanThreshold");
            assertThat(list(map(alarm.get("Properties")).get("AlarmActions"))).containsExactly(ref("AlarmTopic"));
        }
    }

    @Test
    void theQuarantineAlarmWatchesTheQuarantinedTotalWhichIgnoredEventsNeverCount() {
        var alarm = properties("QuarantineAlarm");
        assertThat(alarm).containsEntry("Namespace", "NpsLoop").containsEntry("MetricName", "Quarantined")
                .containsEntry("Statistic", "Sum").containsEntry("Threshold", ref("QuarantineAlarmThreshold"))
                .doesNotContainKey("Dimensions");
        assertThat(list(alarm.get("AlarmActions"))).containsExactly(ref("AlarmTopic"));
        // Ignored events are kept too but normal: counted as NotStored, never as Quarantined.
        assertThat(io.npsloop.ingest.quarantine.QuarantiningReceiver.metric("typeform", "bad-signature"))
                .contains("\"Name\":\"Quarantined\"");
        assertThat(io.npsloop.ingest.quarantine.QuarantiningReceiver.notStored("typeform", "ignored"))
                .contains("\"Name\":\"NotStored\"").doesNotContain("Quarantined");
    }
}
