package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every handler template.yaml names loads from its shaded jar alone, in a fresh JVM, and builds:
 * what the shade filters leave out must be nothing a function loads, ServiceLoader's HTTP client
 * and interceptors included. The jars are built before this module in the reactor.
 */
class ShadedJarsTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    @Test
    @SuppressWarnings("unchecked")
    void everyHandlerLoadsFromItsJarAlone() throws Exception {
        var handlers = new ArrayList<String[]>();
        ((Map<String, Object>) CloudFormationYaml.template().get("Resources")).values().forEach(resource -> {
            var r = (Map<String, Object>) resource;
            if ("AWS::Serverless::Function".equals(r.get("Type"))) {
                var properties = (Map<String, Object>) r.get("Properties");
                var handler = (String) properties.get("Handler");
                handlers.add(new String[] {(String) properties.get("CodeUri"), handler.substring(0, handler.indexOf("::"))});
            }
        });
        assertThat(handlers).hasSizeGreaterThan(10);
        var missingJars = handlers.stream().map(h -> h[0]).filter(jar -> !Files.isRegularFile(ROOT.resolve(jar))).distinct().toList();
        Assumptions.assumeTrue(missingJars.isEmpty(), "jars not built in this run: " + missingJars);

        var check = Path.of("src/test/resources/handler-check/HandlerLoads.java").toAbsolutePath();
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> failures = new ArrayList<>();
        for (var h : handlers) {
            var process = new ProcessBuilder(java, "-cp", ROOT.resolve(h[0]).toString(), check.toString(), h[1])
                    .redirectErrorStream(true);
            var env = process.environment();
            env.clear();
            env.putAll(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                    "AWS_ENDPOINT_URL", "http://127.0.0.1:9", "TABLE_NAME", "nps-loop", "PATH", System.getenv("PATH")));
            var started = process.start();
            var output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(started.waitFor(60, TimeUnit.SECONDS)).isTrue();
            if (started.exitValue() != 0 || !output.contains("loaded " + h[1])) {
                failures.add(h[0] + " " + h[1] + ":\n" + output);
            }
        }
        assertThat(failures).isEmpty();
    }
}
