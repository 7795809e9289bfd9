package io.npsloop.benchmarks;

import io.npsloop.ingest.sources.StandardWebhooks;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Signed webhooks in the generic source's format, with a seeded mix that looks like a B2B survey
 * program: half promoters, a fifth detractors, repeat customers, unknown values, comments of every
 * length, a few anonymous answers and some deliveries sent twice, as survey platforms redeliver.
 */
public final class Webhooks {

    /** Local-only signing key for the generic source; never a production secret. */
    public static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "nps-loop-benchmarks-only-signing-key".getBytes(StandardCharsets.UTF_8));
    public static final String SOURCE = "generic";

    /** One POST as the survey platform would send it; {@code retry} marks a second delivery of an earlier body. */
    public record Delivery(String responseId, String body, int score, boolean identified, boolean retry) {}

    private record Customer(String id, String name, String email, String accountId, String locale, Long annualValue) {}

    private static final String[] DETRACTOR_SENTENCES = {
        "The March invoice was wrong twice and nobody answered my ticket.",
        "Support took four days to reply and the answer did not solve anything.",
        "The export has been broken since the last release.",
        "We were charged for seats we had already removed.",
        "Onboarding was rushed and half of my team still cannot log in.",
        "The mobile app logs me out every morning.",
        "Prices went up again without any notice.",
    };
    private static final String[] PASSIVE_SENTENCES = {
        "It does the job, but the reports are slow.",
        "Fine overall; the search could be better.",
        "Good product, support is hit and miss.",
        "We use it every day, nothing special though.",
    };
    private static final String[] PROMOTER_SENTENCES = {
        "Our account manager is fantastic and always follows up.",
        "The new dashboard saves my team hours every week.",
        "Setup took ten minutes and it just works.",
        "Best support we have had from any vendor.",
        "We recommended it to two partner companies already.",
    };

    private final Random random;
    private final String runTag;
    private final List<Customer> customers = new ArrayList<>();

    public Webhooks(long seed, int expectedResponses) {
        this.random = new Random(seed);
        this.runTag = Long.toString(Math.abs(random.nextLong()) % 1_000_000_000L, 36);
        // A pool larger than the responses: about a quarter of the answers come from a customer seen before.
        int pool = Math.max(1, expectedResponses * 3 / 2);
        for (int i = 0; i < pool; i++) {
            customers.add(customer(i));
        }
    }

    private Customer customer(int i) {
        String id = "cust-" + runTag + "-" + i;
        Long value = null;
        if (random.nextDouble() >= 0.10) {
            // Log-normal around 3,000 a year: many small accounts, a long tail of large ones.
            value = Math.round(Math.exp(Math.log(3000) + 1.3 * random.nextGaussian()));
            value = Math.max(50, Math.min(500_000, value));
        }
        return new Customer(id, "Customer " + i, "customer" + i + "." + runTag + "@example.com",
                "acct-" + runTag + "-" + (i / 3), random.nextDouble() < 0.3 ? "es" : "en", value);
    }

    /** {@code count} distinct responses, plus retries of some of them in among the rest. */
    public List<Delivery> mixed(int count, double retryShare) {
        List<Delivery> deliveries = new ArrayList<>(count + (int) (count * retryShare) + 1);
        Instant start = Instant.now().minus(count, ChronoUnit.SECONDS).truncatedTo(ChronoUnit.SECONDS);
        List<Delivery> firsts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean anonymous = random.nextDouble() < 0.05;
            Customer who = anonymous ? null : customers.get(random.nextInt(customers.size()));
            int score = score();
            Delivery first = delivery("r-" + runTag + "-" + i, who, score, comment(score), start.plusSeconds(i));
            firsts.add(first);
            deliveries.add(first);
            if (random.nextDouble() < retryShare) {
                Delivery again = firsts.get(Math.max(0, firsts.size() - 1 - random.nextInt(5)));
                deliveries.add(new Delivery(again.responseId(), again.body(), again.score(), again.identified(), true));
            }
        }
        return deliveries;
    }

    /** A high-value detractor from a customer never seen before: the path that writes and follows up. */
    public Delivery freshDetractor(String tag) {
        var who = new Customer("cold-" + runTag + "-" + tag, "María Gómez", "maria." + tag + "@example.com",
                "acct-" + runTag + "-" + tag, "es", 48_000L);
        return delivery("cold-" + runTag + "-" + tag, who, 3,
                "The March invoice was wrong twice and nobody answered my ticket.", Instant.now().minusSeconds(30));
    }

    private Delivery delivery(String responseId, Customer who, int score, String comment, Instant submittedAt) {
        var json = new StringBuilder(512).append('{');
        field(json, "responseId", responseId).append(',');
        field(json, "surveyId", "relationship-nps-2026-q4").append(',');
        json.append("\"respondent\":{");
        if (who != null) {
            field(json, "id", who.id()).append(',');
            field(json, "email", who.email()).append(',');
            field(json, "name", who.name()).append(',');
            field(json, "accountId", who.accountId()).append(',');
            if (who.annualValue() != null) {
                json.append("\"annualValue\":").append(who.annualValue()).append(',');
            }
            field(json, "locale", who.locale());
        } else {
            field(json, "locale", "en");
        }
        json.append("},\"score\":").append(score).append(',');
        if (comment != null) {
            field(json, "comment", comment).append(',');
        }
        field(json, "submittedAt", submittedAt.toString()).append('}');
        return new Delivery(responseId, json.toString(), score, who != null, false);
    }

    private int score() {
        double r = random.nextDouble();
        if (r < 0.20) {
            // Detractors mostly give 5 or 6; zeros are rare.
            int[] weights = {4, 3, 5, 8, 10, 30, 40};
            int pick = random.nextInt(100);
            for (int s = 0; s < weights.length; s++) {
                pick -= weights[s];
                if (pick < 0) {
                    return s;
                }
            }
            return 6;
        }
        if (r < 0.50) {
            return random.nextDouble() < 0.45 ? 7 : 8;
        }
        return random.nextDouble() < 0.4 ? 9 : 10;
    }

    private String comment(int score) {
        String[] bank;
        double share;
        if (score <= 6) {
            bank = DETRACTOR_SENTENCES;
            share = 0.7;
        } else if (score <= 8) {
            bank = PASSIVE_SENTENCES;
            share = 0.4;
        } else {
            bank = PROMOTER_SENTENCES;
            share = 0.5;
        }
        if (random.nextDouble() >= share) {
            return null;
        }
        int sentences = 1 + random.nextInt(score <= 6 ? 5 : 3);
        var text = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(bank[random.nextInt(bank.length)]);
        }
        return text.toString();
    }

    /** Standard Webhooks headers, signed now: the function rejects timestamps older than five minutes. */
    public static Map<String, String> signedHeaders(String body) {
        String id = "msg_" + UUID.randomUUID();
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("user-agent", "nps-loop-benchmarks");
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", timestamp);
        headers.put("webhook-signature",
                StandardWebhooks.signature(SECRET, id, timestamp, body.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
