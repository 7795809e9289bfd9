package io.npsloop.ingest.sources.surveymonkey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Survey details read in this container, so that a survey's questions cost one API call and not
 * one per response. Bounded, least recently used out first, and aged out so that an edited survey
 * is read again.
 */
public final class SurveyDetailsCache {

    public static final int DEFAULT_SURVEYS = 300;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(1);

    private record Entry(SurveyDetails details, Instant readAt) {}

    private final int maxSurveys;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, Entry> entries;

    public SurveyDetailsCache(int maxSurveys, Duration maxAge, Clock clock) {
        if (maxSurveys < 1) {
            throw new IllegalArgumentException("maxSurveys must be at least 1");
        }
        this.maxSurveys = maxSurveys;
        this.maxAge = maxAge;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > SurveyDetailsCache.this.maxSurveys;
            }
        };
    }

    public SurveyDetailsCache() {
        this(DEFAULT_SURVEYS, DEFAULT_MAX_AGE, Clock.systemUTC());
    }

    public synchronized Optional<SurveyDetails> get(String surveyId) {
        var entry = entries.get(surveyId);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.readAt().plus(maxAge).isBefore(clock.instant())) {
            entries.remove(surveyId);
            return Optional.empty();
        }
        return Optional.of(entry.details());
    }

    public synchronized void put(String surveyId, SurveyDetails details) {
        entries.put(surveyId, new Entry(details, clock.instant()));
    }

    public synchronized void remove(String surveyId) {
        entries.remove(surveyId);
    }

    synchronized int size() {
        return entries.size();
    }
}
