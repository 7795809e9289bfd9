package io.npsloop.ingest.fetch;

import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.ingest.sources.ResponseNotice;

/** Reads a completed response's answers from the tool that announced it. */
@FunctionalInterface
public interface ResponseFetcher {

    SurveyResponse fetch(ResponseNotice notice) throws FetchFailure;
}
