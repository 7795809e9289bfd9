package io.npsloop.ingest.sources;

/** One thing wrong with a webhook body, named so the sender can fix it. */
public record Violation(String field, String message) {}
