package io.npsloop.ingest.sources;

import io.npsloop.config.Settings;
import io.npsloop.ingest.sources.asknicely.AskNicely;
import io.npsloop.ingest.sources.delighted.Delighted;
import io.npsloop.ingest.sources.formbricks.Formbricks;
import io.npsloop.ingest.sources.generic.Generic;
import io.npsloop.ingest.sources.mapped.Mapped;
import io.npsloop.ingest.sources.mapped.MappedSources;
import io.npsloop.ingest.sources.qualtrics.Qualtrics;
import io.npsloop.ingest.sources.surveymonkey.SurveyMonkey;
import io.npsloop.ingest.sources.typeform.Typeform;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every survey tool the product takes webhooks from; whatever needs to know the tools asks here. */
public final class SurveyTools {

    /** In the order the tools were added, which the fuzz targets' seeds count on. */
    public static final List<SurveyTool> ALL = List.of(
            Generic.TOOL, Typeform.TOOL, Delighted.TOOL, Formbricks.TOOL, AskNicely.TOOL, SurveyMonkey.TOOL, Qualtrics.TOOL);

    private SurveyTools() {}

    /** A built-in tool by name. */
    public static Optional<SurveyTool> named(String name) {
        return ALL.stream().filter(tool -> tool.name().equals(name)).findFirst();
    }

    /** A built-in or configured tool by name. */
    public static Optional<SurveyTool> named(String name, Settings settings) {
        return of(settings).stream().filter(tool -> tool.name().equals(name)).findFirst();
    }

    /**
     * The tools for these settings: the built-in ones, then those configured in MAPPED_SOURCES;
     * a faulty recipe fails here, when the function starts.
     */
    public static List<SurveyTool> of(Settings settings) {
        var builtIn = ALL.stream().map(SurveyTool::name).collect(Collectors.toUnmodifiableSet());
        var mapped = MappedSources.read(settings, builtIn).stream().map(Mapped::new).toList();
        return Stream.concat(ALL.stream(), mapped.stream()).toList();
    }

    /** Every tool's source as the settings configure it. */
    public static List<WebhookSource> sources(Settings settings, SurveyTool.Shared shared) {
        return of(settings).stream().map(tool -> tool.source(settings, shared)).toList();
    }

    /** Configured tools that prove their webhooks by the URL with a token alone. */
    public static List<String> urlTokenOnly(Settings settings) {
        return of(settings).stream().filter(tool -> tool instanceof Mapped mapped && mapped.takesUrlToken()).map(SurveyTool::name).toList();
    }

    /** The API base URL of each tool read from an API, where it is set. */
    public static Map<String, URI> apiBaseUrls(Settings settings) {
        return ALL.stream()
                .flatMap(tool -> tool.apiBaseUrl(settings).map(url -> Map.entry(tool.name(), url)).stream())
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Headers of any tool that carry a secret themselves. */
    public static Set<String> secretHeaders(Settings settings) {
        return of(settings).stream().flatMap(tool -> tool.secretHeaders(settings).stream()).collect(Collectors.toUnmodifiableSet());
    }
}
