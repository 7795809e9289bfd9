package io.npsloop.domain.intake;

/** An NPS answer: a whole number from 0 to 10. */
public record Score(int value) {

    public static final int MIN = 0;
    public static final int MAX = 10;

    public Score {
        if (value < MIN || value > MAX) {
            throw new IllegalArgumentException("score must be between 0 and 10, was " + value);
        }
    }

    public Category category() {
        return Category.of(this);
    }
}
