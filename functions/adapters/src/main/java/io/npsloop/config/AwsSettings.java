package io.npsloop.config;

/** What the runtime and the SDK read: the same in every function. */
public final class AwsSettings {

    private AwsSettings() {}

    public static final Setting JAVA_TOOL_OPTIONS = Setting.of(Area.RUNTIME, "JAVA_TOOL_OPTIONS", Kind.TEXT)
            .from(new Origin.Template("-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))
            .readBy(Reader.functions())
            .means("JVM flags: stopping at the first JIT tier cuts warm-up cost for short-lived invocations.");

    public static final Setting AWS_REGION = Setting.of(Area.RUNTIME, "AWS_REGION", Kind.TEXT)
            .from(new Origin.Runtime())
            .readBy(Reader.functions())
            .means("Region of every client.");

    public static final Setting AWS_DEFAULT_REGION = Setting.of(Area.RUNTIME, "AWS_DEFAULT_REGION", Kind.TEXT)
            .from(new Origin.Runtime())
            .readBy(Reader.functions())
            .means("Region of every client where AWS_REGION is not set.");

    public static final Setting AWS_ACCESS_KEY_ID = Setting.of(Area.RUNTIME, "AWS_ACCESS_KEY_ID", Kind.SECRET)
            .from(new Origin.Runtime())
            .readBy(Reader.functions())
            .means("With AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN): credentials used as given, skipping the provider chain. "
                    + "SnapStart functions get none and use the container's provider.");

    public static final Setting AWS_SECRET_ACCESS_KEY = Setting.of(Area.RUNTIME, "AWS_SECRET_ACCESS_KEY", Kind.SECRET)
            .from(new Origin.Runtime())
            .readBy(Reader.functions())
            .means("See AWS_ACCESS_KEY_ID.");

    public static final Setting AWS_SESSION_TOKEN = Setting.of(Area.RUNTIME, "AWS_SESSION_TOKEN", Kind.SECRET)
            .from(new Origin.Runtime())
            .readBy(Reader.functions())
            .means("See AWS_ACCESS_KEY_ID.");

    public static final Setting AWS_ENDPOINT_URL = Setting.of(Area.RUNTIME, "AWS_ENDPOINT_URL", Kind.URL)
            .readBy(Reader.functions())
            .means("Sends every client to an emulator (DynamoDB Local, fauxqs, moto, LocalStack).");

    public static final Setting AWS_ENDPOINT_URL_SERVICE = Setting.of(Area.RUNTIME, "AWS_ENDPOINT_URL_<SERVICE>", Kind.URL)
            .readBy(Reader.functions())
            .means("Sends one service's client to an emulator (e.g. AWS_ENDPOINT_URL_DYNAMODB, _SNS, _SSM, _S3); wins over AWS_ENDPOINT_URL.");
}
