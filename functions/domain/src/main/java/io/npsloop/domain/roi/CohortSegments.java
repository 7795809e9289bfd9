package io.npsloop.domain.roi;

import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.roi.Segment.Dimension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The segments of one unit cohort, fixed when it starts from the response that started it: known
 * before anyone in it was followed up, so its arm was drawn at random within each segment and a
 * segment's arms are as comparable as the whole experiment's. Later members of the unit may have
 * other tiers or come through other surveys; the unit still counts whole in one segment, which
 * keeps its clustering exact.
 */
public record CohortSegments(String tier, String source, String survey, String variant, ContactDelay contact) {

    /** Cohorts stored before segments were recorded on them. */
    public static final CohortSegments UNRECORDED = new CohortSegments(Segment.UNRECORDED, Segment.UNRECORDED, Segment.UNRECORDED);

    /**
     * @param variant the treated cohort's playbook variant, drawn for its unit as its arm was; null
     *     for a held-out cohort or an action without variants
     * @param contact for a treated recovery cohort with a case, how long its first contact took
     *     ({@link ContactDelay#NEVER} until one is recorded); null for every other cohort
     */
    public CohortSegments {
        // Checked as segments are: every stored value must make a valid one.
        new Segment(Dimension.TIER, Objects.requireNonNull(tier, "tier"));
        new Segment(Dimension.SOURCE, Objects.requireNonNull(source, "source"));
        new Segment(Dimension.SURVEY, Objects.requireNonNull(survey, "survey"));
        if (variant != null) {
            new Segment(Dimension.VARIANT, variant);
        }
    }

    public CohortSegments(String tier, String source, String survey) {
        this(tier, source, survey, null, null);
    }

    public CohortSegments withVariant(String other) {
        return new CohortSegments(tier, source, survey, other, contact);
    }

    public CohortSegments withContact(ContactDelay other) {
        return new CohortSegments(tier, source, survey, variant, other);
    }

    /**
     * The segments of a cohort started by a response of {@code tier}, from {@code source}, to
     * {@code surveyId}: the survey only if {@code listedSurveys} names it, else {@link Segment#OTHER},
     * which bounds the survey segments a day can have.
     */
    public static CohortSegments of(ValueTier tier, String source, String surveyId, Set<String> listedSurveys) {
        return new CohortSegments(tier.wireName(), bounded(source),
                listedSurveys.contains(surveyId) ? bounded(surveyId) : Segment.OTHER);
    }

    /** One segment per dimension, the variant's and the contact delay's only where there is one. */
    public List<Segment> segments() {
        var segments = new java.util.ArrayList<>(List.of(new Segment(Dimension.TIER, tier), new Segment(Dimension.SOURCE, source),
                new Segment(Dimension.SURVEY, survey)));
        if (variant != null) {
            segments.add(new Segment(Dimension.VARIANT, variant));
        }
        if (contact != null) {
            segments.add(new Segment(Dimension.CONTACT, contact.wireName()));
        }
        return List.copyOf(segments);
    }

    /** What a cohort adds to each of its segments: the whole of what it adds to its day. */
    public Map<Segment, Tally> spread(Tally counts) {
        var spread = new LinkedHashMap<Segment, Tally>();
        for (var segment : segments()) {
            spread.put(segment, counts);
        }
        return spread;
    }

    private static String bounded(String value) {
        return value.length() > Segment.MAX_VALUE_LENGTH ? value.substring(0, Segment.MAX_VALUE_LENGTH) : value;
    }
}
