package io.npsloop.ingest.sources;

/** Whether a webhook really comes from the survey tool, and if not, why, in words safe to return. */
public record Verification(boolean valid, String problem) {

    public static final Verification VALID = new Verification(true, null);

    public static Verification rejected(String problem) {
        return new Verification(false, problem);
    }
}
