package io.npsloop.local.stack;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.local.SnsDelivery;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Replays the sample webhooks against a running stack and shows what a team would receive. */
final class Demo {

    private Demo() {}

    static int run(LocalStack stack, Path events, PrintStream out) throws IOException, InterruptedException {
        var samples = Main.samples(events);
        if (samples.isEmpty()) {
            out.println("No samples found in " + events);
            return 1;
        }
        int problems = 0;
        int expectedFollowUps = 0;
        for (var sample : samples) {
            var name = sample.getFileName().toString();
            var source = name.substring(0, name.indexOf('-'));
            var body = Files.readAllBytes(sample);
            var response = Main.send(stack.baseUrl().resolve("/webhooks/" + source), Signer.headers(source, body, stack.functionEnvironment()), body);
            out.println("POST /webhooks/" + source + " (" + name + ") -> " + response.statusCode() + " " + response.body());
            // A later version of a response revises it (200); everything else is new (202).
            if (response.statusCode() != (isUpdate(name) ? 200 : 202)) {
                problems++;
                continue;
            }
            var answer = JSON.std.mapFrom(response.body());
            if (!isUpdate(name) && answer.get("followUp") instanceof Map<?, ?> followUp && "pending".equals(followUp.get("status"))) {
                expectedFollowUps++;
            }
        }

        var first = samples.get(0);
        var source = first.getFileName().toString().substring(0, first.getFileName().toString().indexOf('-'));
        var body = Files.readAllBytes(first);
        var retry = Main.send(stack.baseUrl().resolve("/webhooks/" + source), Signer.headers(source, body, stack.functionEnvironment()), body);
        out.println("POST /webhooks/" + source + " (" + first.getFileName() + ", again) -> " + retry.statusCode() + " " + retry.body());
        if (retry.statusCode() != 200) {
            problems++;
        }

        out.println();
        out.println("Waiting for " + expectedFollowUps + " follow-ups on the queue...");
        var received = new ArrayList<SnsDelivery>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (var message : stack.aws().receiveAll(stack.resources().followUpQueueUrl(), Duration.ofSeconds(1))) {
                received.add(SnsDelivery.fromSqsBody(message.body()));
            }
            if (received.size() >= expectedFollowUps) {
                // One more quiet second: a duplicate would show up here.
                stack.aws().receiveAll(stack.resources().followUpQueueUrl(), Duration.ofSeconds(1))
                        .forEach(m -> received.add(SnsDelivery.fromSqsBody(m.body())));
                break;
            }
        }
        received.forEach(delivery -> print(delivery, out));
        if (received.size() != expectedFollowUps) {
            out.println("Expected " + expectedFollowUps + " follow-ups, received " + received.size() + ".");
            problems++;
        }
        return problems == 0 ? 0 : 1;
    }

    static boolean isUpdate(String sampleName) {
        return sampleName.endsWith("-updated.json");
    }

    static void print(SnsDelivery delivery, PrintStream out) {
        out.println("---- follow-up " + delivery.attributes().getOrDefault("followUpId", "?") + " " + List.of(
                "action=" + delivery.attributes().get("action"),
                "category=" + delivery.attributes().get("category"),
                "valueTier=" + delivery.attributes().get("valueTier"),
                "locale=" + delivery.attributes().get("locale")));
        out.println("Subject: " + delivery.subject());
        var steps = delivery.json().get("steps");
        out.println("Due: " + delivery.json().get("dueAt") + "   Steps: " + steps);
        out.println();
    }
}
