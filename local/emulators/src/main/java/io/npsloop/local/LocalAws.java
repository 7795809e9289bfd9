package io.npsloop.local;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * DynamoDB Local and fauxqs side by side, with ready-made clients and the product's resources.
 * One instance can serve many tests: {@link #provision(String)} names everything after its
 * argument.
 */
public final class LocalAws implements AutoCloseable {

    static final Region REGION = Region.US_EAST_1;
    static final String ACCESS_KEY = "local";
    static final String SECRET_KEY = "local";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,50}");

    /** What {@link #provision(String)} created. */
    public record Resources(String tableName, String streamArn, String topicArn,
                            String followUpQueueUrl, String deadLetterQueueUrl) {
    }

    private final DynamoDbLocalServer dynamoDbServer;
    private final FauxqsServer fauxqsServer;
    private final List<SdkClient> clients = new ArrayList<>();
    private DynamoDbClient dynamoDb;
    private DynamoDbStreamsClient dynamoDbStreams;
    private SnsClient sns;
    private SqsClient sqs;
    private S3Client s3;
    private boolean closed;

    private final URI dynamoDbEndpoint;
    private final URI snsEndpoint;
    private final URI sqsEndpoint;

    private LocalAws(DynamoDbLocalServer dynamoDbServer, FauxqsServer fauxqsServer) {
        this.dynamoDbServer = dynamoDbServer;
        this.fauxqsServer = fauxqsServer;
        this.dynamoDbEndpoint = dynamoDbServer.endpoint();
        this.snsEndpoint = fauxqsServer.endpoint();
        this.sqsEndpoint = fauxqsServer.endpoint();
    }

    private LocalAws(URI dynamoDbEndpoint, URI snsEndpoint, URI sqsEndpoint) {
        this.dynamoDbServer = null;
        this.fauxqsServer = null;
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        this.snsEndpoint = snsEndpoint;
        this.sqsEndpoint = sqsEndpoint;
    }

    /**
     * Emulators someone else runs (moto, LocalStack, ...), reached at these endpoints with the same
     * region and dummy credentials. Nothing is started or stopped.
     */
    public static LocalAws external(URI dynamoDbEndpoint, URI snsEndpoint, URI sqsEndpoint) {
        return new LocalAws(dynamoDbEndpoint, snsEndpoint, sqsEndpoint);
    }

    private static LocalAws shared;

    /**
     * One pair of emulators for every test class in this JVM, started on first use and stopped
     * when the JVM exits: starting them costs seconds, provisioning a fresh set of resources
     * with a unique name costs milliseconds.
     */
    public static synchronized LocalAws shared() {
        if (shared == null) {
            var started = start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "local-aws-shutdown"));
            shared = started;
        }
        return shared;
    }

    /** Starts both emulators on free loopback ports, side by side. */
    public static LocalAws start() {
        CompletableFuture<FauxqsServer> fauxqs = CompletableFuture.supplyAsync(FauxqsServer::start);
        DynamoDbLocalServer dynamoDb;
        try {
            dynamoDb = DynamoDbLocalServer.start();
        } catch (RuntimeException e) {
            fauxqs.thenAccept(FauxqsServer::close);
            throw e;
        }
        try {
            return new LocalAws(dynamoDb, fauxqs.join());
        } catch (CompletionException e) {
            dynamoDb.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    public Region region() {
        return REGION;
    }

    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    public URI snsEndpoint() {
        return snsEndpoint;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    private <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C extends SdkClient> C client(B builder, URI endpoint) {
        return track(builder.region(REGION)
                .credentialsProvider(credentials())
                .endpointOverride(endpoint)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build());
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = client(DynamoDbClient.builder(), dynamoDbEndpoint());
        }
        return dynamoDb;
    }

    public synchronized DynamoDbStreamsClient dynamoDbStreams() {
        if (dynamoDbStreams == null) {
            dynamoDbStreams = client(DynamoDbStreamsClient.builder(), dynamoDbEndpoint());
        }
        return dynamoDbStreams;
    }

    public synchronized SnsClient sns() {
        if (sns == null) {
            sns = client(SnsClient.builder(), snsEndpoint());
        }
        return sns;
    }

    /** fauxqs serves S3 on the same port as SNS and SQS, path-style. */
    public URI s3Endpoint() {
        return sqsEndpoint;
    }

    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = track(S3Client.builder().region(REGION)
                    .credentialsProvider(credentials())
                    .endpointOverride(s3Endpoint())
                    .forcePathStyle(true)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build());
        }
        return s3;
    }

    /** Creates a bucket (or finds it) and returns its name. */
    public String bucket(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bucket name must match " + NAME.pattern() + ": " + name);
        }
        var bucket = name.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        if (s3().listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
            s3().createBucket(r -> r.bucket(bucket));
        }
        return bucket;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = client(SqsClient.builder(), sqsEndpoint());
        }
        return sqs;
    }

    /** The variables a function needs to reach these emulators through the SDK's own settings. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", REGION.id());
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", dynamoDbEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_SNS", snsEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_SQS", sqsEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_S3", s3Endpoint().toString());
        return Collections.unmodifiableMap(env);
    }

    /**
     * Creates (or finds, if already there) the product's table, topic, follow-up queue subscribed
     * to the topic, and dispatch dead-letter queue, all named after {@code name}.
     */
    public Resources provision(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must match " + NAME + ": " + name);
        }
        String tableName = name + "-responses";
        String streamArn = createTable(tableName).latestStreamArn();

        String topicArn = sns().createTopic(r -> r.name(name + "-followups")).topicArn();
        String followUpQueueUrl = sqs().createQueue(r -> r.queueName(name + "-followups")).queueUrl();
        String deadLetterQueueUrl = sqs().createQueue(r -> r.queueName(name + "-dispatch-dlq")).queueUrl();
        String followUpQueueArn = sqs().getQueueAttributes(r -> r.queueUrl(followUpQueueUrl)
                        .attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);

        // As in AWS, the queue must let the topic send to it.
        sqs().setQueueAttributes(r -> r.queueUrl(followUpQueueUrl)
                .attributes(Map.of(QueueAttributeName.POLICY, queuePolicy(followUpQueueArn, topicArn))));
        boolean subscribed = sns().listSubscriptionsByTopicPaginator(r -> r.topicArn(topicArn))
                .subscriptions().stream()
                .map(Subscription::endpoint)
                .anyMatch(followUpQueueArn::equals);
        if (!subscribed) {
            // Enveloped delivery: the body keeps the SNS Subject and MessageAttributes.
            sns().subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(followUpQueueArn)
                    .returnSubscriptionArn(true));
        }
        return new Resources(tableName, streamArn, topicArn, followUpQueueUrl, deadLetterQueueUrl);
    }

    private TableDescription createTable(String tableName) {
        DynamoDbClient client = dynamoDb();
        try {
            client.createTable(r -> r.tableName(tableName)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName("pk")
                                    .attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("sk")
                                    .attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("openCase")
                                    .attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("followUpDueAt")
                                    .attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("openOwner")
                                    .attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("openTier")
                                    .attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("openSource")
                                    .attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("accountId")
                                    .attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("submittedAt")
                                    .attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                    // As in template.yaml: cases that still need someone, by action, soonest due first.
                    // The same by owner, tier and source, for the desk's filters; and responses by account.
                    .globalSecondaryIndexes(openCases("OpenCasesByDue", "openCase"), openCases("OpenCasesByOwner", "openOwner"),
                            openCases("OpenCasesByTier", "openTier"), openCases("OpenCasesBySource", "openSource"),
                            index("ResponsesByAccount", "accountId", "submittedAt"))
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .streamSpecification(s -> s.streamEnabled(true)
                            .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        } catch (ResourceInUseException alreadyThere) {
            // Several tests may provision the same name against one LocalAws.
        }
        awaitActive(client, tableName);
        try {
            client.updateTimeToLive(r -> r.tableName(tableName)
                    .timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt")));
        } catch (DynamoDbException alreadyOnOrUnsupported) {
            // TTL only matters in AWS; locally its absence changes nothing a test looks at.
        }
        return client.describeTable(r -> r.tableName(tableName)).table();
    }

    private static software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex openCases(String name, String partitionKey) {
        return index(name, partitionKey, "followUpDueAt");
    }

    private static software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex index(String name, String partitionKey, String sortKey) {
        return software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex.builder().indexName(name)
                .keySchema(
                        KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(sortKey).keyType(KeyType.RANGE).build())
                .projection(p -> p.projectionType(ProjectionType.ALL))
                .build();
    }

    private static void awaitActive(DynamoDbClient client, String tableName) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (client.describeTable(r -> r.tableName(tableName)).table().tableStatus() != TableStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Table " + tableName + " did not become active");
            }
            pause(50);
        }
    }

    private static String queuePolicy(String queueArn, String topicArn) {
        return """
                {"Version":"2012-10-17","Statement":[{"Sid":"topic-to-queue","Effect":"Allow",\
                "Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage",\
                "Resource":"%s","Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}"""
                .formatted(queueArn, topicArn);
    }

    /**
     * Long-polls {@code queueUrl} until no message has arrived for {@code wait}, deleting every
     * message it receives.
     *
     * @return the messages, with all their attributes, in the order received
     */
    public List<Message> receiveAll(String queueUrl, Duration wait) {
        SqsClient client = sqs();
        List<Message> received = new ArrayList<>();
        long quiet = wait.toNanos();
        long lastArrival = System.nanoTime();
        while (true) {
            long remaining = quiet - (System.nanoTime() - lastArrival);
            if (remaining <= 0) {
                return received;
            }
            int waitSeconds = (int) Math.min(20, Duration.ofNanos(remaining).toSeconds());
            List<Message> batch = client.receiveMessage(r -> r.queueUrl(queueUrl)
                    .maxNumberOfMessages(10)
                    .waitTimeSeconds(waitSeconds)
                    .messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (batch.isEmpty()) {
                if (waitSeconds == 0) {
                    pause(Math.min(100, Duration.ofNanos(remaining).toMillis() + 1));
                }
                continue;
            }
            lastArrival = System.nanoTime();
            received.addAll(batch);
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .receiptHandle(batch.get(i).receiptHandle())
                        .build());
            }
            client.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        }
    }

    /** How many records the table's stream holds, every shard read from its start: what a write leaves behind. */
    public int streamRecordCount(String streamArn) {
        DynamoDbStreamsClient streams = dynamoDbStreams();
        int count = 0;
        for (var shard : streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards()) {
            String iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            // An open shard always hands back a next iterator: stop at the first empty page.
            while (iterator != null) {
                String current = iterator;
                var page = streams.getRecords(r -> r.shardIterator(current));
                if (page.records().isEmpty()) {
                    break;
                }
                count += page.records().size();
                iterator = page.nextShardIterator();
            }
        }
        return count;
    }

    /** Closes the clients, then both emulators. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (SdkClient client : clients) {
            try {
                client.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        try {
            if (fauxqsServer != null) {
                fauxqsServer.close();
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            if (dynamoDbServer != null) {
                dynamoDbServer.close();
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        if (failure != null) {
            throw failure;
        }
    }

    private <T extends SdkClient> T track(T client) {
        if (closed) {
            client.close();
            throw new IllegalStateException("LocalAws is closed");
        }
        clients.add(client);
        return client;
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while receiving", e);
        }
    }
}
