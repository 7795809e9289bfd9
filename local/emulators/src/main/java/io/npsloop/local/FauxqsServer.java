package io.npsloop.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The fauxqs SNS/SQS emulator, run as a Node process from {@code local/emulators}.
 *
 * <p>The emulators directory is taken from the system property {@value #DIR_PROPERTY}, else the
 * environment variable {@value #DIR_ENV}, else found by walking up from the working directory.
 */
public final class FauxqsServer implements AutoCloseable {

    public static final String DIR_PROPERTY = "npsloop.emulators.dir";
    public static final String DIR_ENV = "NPSLOOP_EMULATORS_DIR";

    private static final String LAUNCHER = "fauxqs.mjs";
    private static final String INSTALL_HINT =
            "run `npm ci --prefix local/emulators` from the repository root";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread shutdownHook;
    private boolean closed;

    private FauxqsServer(Process process, int port, Path log, Thread shutdownHook) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.shutdownHook = shutdownHook;
    }

    /** Starts on a free loopback port. */
    public static FauxqsServer start() {
        Path dir = emulatorsDirectory();
        RuntimeException last = null;
        // The free port can be taken before node binds it; only that case is worth a retry.
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                return start(dir, Ports.free());
            } catch (PortInUseException e) {
                last = e;
            }
        }
        throw last;
    }

    public static FauxqsServer start(int port) {
        return start(emulatorsDirectory(), port);
    }

    private static FauxqsServer start(Path dir, int port) {
        requireInstalled(dir);
        String node = nodeExecutable();
        Path log;
        try {
            log = Files.createTempFile("fauxqs-" + port + "-", ".log");
            // Readable while this JVM lives (failures quote it); not left behind for every run.
            log.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the fauxqs log file", e);
        }
        ProcessBuilder builder = new ProcessBuilder(node, LAUNCHER, Integer.toString(port))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("FAUXQS_EXIT_WITH_PARENT", "1");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run `" + node + " " + LAUNCHER + "` in " + dir
                    + ": is Node.js (>= 20) on PATH? Then " + INSTALL_HINT, e);
        }
        Thread hook = new Thread(() -> destroy(process), "fauxqs-" + port + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        FauxqsServer server = new FauxqsServer(process, port, log, hook);
        try {
            server.awaitReady();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void awaitReady() {
        String ready = "fauxqs listening on 127.0.0.1:" + port;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String output = output();
                String message = "fauxqs exited with code " + process.exitValue()
                        + " before listening on port " + port + "; output (" + log + "):\n" + output;
                if (output.contains("EADDRINUSE")) {
                    throw new PortInUseException(message);
                }
                throw new IllegalStateException(message);
            }
            // The launcher prints its line only once the server is up; the connect check makes
            // sure the port answering is ours and not a leftover process.
            if (output().contains(ready) && Ports.accepts(port)) {
                return;
            }
            sleep(25);
        }
        throw new IllegalStateException("fauxqs did not listen on port " + port + " within "
                + START_TIMEOUT.toSeconds() + " s; output (" + log + "):\n" + output());
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    ProcessHandle process() {
        return process.toHandle();
    }

    /** The file that receives the emulator's standard output and error. */
    public Path log() {
        return log;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is already running and does the same work.
        }
        destroy(process);
    }

    private static void destroy(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Finds {@code local/emulators}; see the class comment for the order. */
    public static Path emulatorsDirectory() {
        String configured = System.getProperty(DIR_PROPERTY);
        String source = "system property " + DIR_PROPERTY;
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(DIR_ENV);
            source = "environment variable " + DIR_ENV;
        }
        if (configured != null && !configured.isBlank()) {
            Path dir = Paths.get(configured).toAbsolutePath().normalize();
            if (!Files.isRegularFile(dir.resolve(LAUNCHER))) {
                throw new IllegalStateException(source + " points at " + dir + ", which has no "
                        + LAUNCHER);
            }
            return dir;
        }
        Path start = Paths.get("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("local").resolve("emulators");
            if (Files.isRegularFile(candidate.resolve(LAUNCHER))) {
                return candidate;
            }
        }
        throw new IllegalStateException("Cannot find local/emulators/" + LAUNCHER + " above " + start
                + "; set -D" + DIR_PROPERTY + " or " + DIR_ENV);
    }

    private static void requireInstalled(Path dir) {
        if (!Files.isRegularFile(dir.resolve("node_modules/fauxqs/package.json"))) {
            throw new IllegalStateException("fauxqs is not installed in " + dir + ": "
                    + INSTALL_HINT);
        }
    }

    private static String nodeExecutable() {
        boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
        String name = windows ? "node.exe" : "node";
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                Path candidate = Paths.get(entry, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new IllegalStateException("Node.js (`node`, >= 20) is not on PATH; install it, then "
                + INSTALL_HINT);
    }

    private String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for fauxqs", e);
        }
    }

    private static final class PortInUseException extends IllegalStateException {
        PortInUseException(String message) {
            super(message);
        }
    }
}
