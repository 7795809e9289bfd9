package io.npsloop.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.net.URI;

/** DynamoDB Local (with Streams) served over HTTP from inside this JVM, kept in memory. */
public final class DynamoDbLocalServer implements AutoCloseable {

    private static final int START_ATTEMPTS = 3;

    private final DynamoDBProxyServer server;
    private final int port;
    private boolean closed;

    private DynamoDbLocalServer(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts on a free loopback port. */
    public static DynamoDbLocalServer start() {
        RuntimeException last = null;
        // The free port can be taken by someone else before the server binds it: try another.
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                return start(Ports.free());
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last;
    }

    public static DynamoDbLocalServer start(int port) {
        String[] args = {
            "-inMemory",
            // One database for every access key and region, so a function configured with
            // other credentials still sees the tables the test created.
            "-sharedDb",
            "-port", Integer.toString(port),
            "-disableTelemetry"
        };
        DynamoDBProxyServer server;
        try {
            server = ServerRunner.createServerFromCommandLineArgs(args);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local rejected its arguments", e);
        }
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("DynamoDB Local could not start on port " + port, e);
        }
        return new DynamoDbLocalServer(server, port);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
    }

    private static void stopQuietly(DynamoDBProxyServer server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // Already failing to start; the start error is the one worth reporting.
        }
    }
}
