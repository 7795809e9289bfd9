package io.npsloop.chat;

import static io.npsloop.config.Reader.CHAT;
import static io.npsloop.config.Reader.CHAT_DIGEST;

import io.npsloop.config.Area;
import io.npsloop.config.Kind;
import io.npsloop.config.Origin;
import io.npsloop.config.Setting;

/** The chat functions' settings: where follow-ups go in Slack or Teams, and how. */
public final class ChatSettings {

    private ChatSettings() {}

    public static final Setting CHAT_ROUTES = Setting.of(Area.CHAT, "CHAT_ROUTES", Kind.TEXT)
            .parameter("ChatRoutes")
            .readBy(CHAT, CHAT_DIGEST)
            .means("Where follow-ups are posted: routes separated by `;`, each `<action>[:<value tier>]=<SSM parameter>[,each|digest]"
                    + "[,slack|teams]`, e.g. `recovery:high=/nps-loop/chat/vip;*=/nps-loop/chat/support,digest`. The first route "
                    + "matching a follow-up's action (recovery, referral, nurture, escalation or `*`) and value tier (high, medium, "
                    + "low, unknown or `*`) takes it; none: it is not posted. The parameter is a SecureString holding the webhook "
                    + "URL; Slack or Teams is told from its host unless named. Empty: no chat at all.");

    public static final Setting CHAT_WEBHOOKS = Setting.of(Area.CHAT, "CHAT_WEBHOOKS", Kind.SECRET)
            .readBy(CHAT, CHAT_DIGEST)
            .means("The webhook URLs straight from the environment (local use): `<parameter>=<URL>` pairs separated by `;`; "
                    + "wins over SSM.");

    public static final Setting CHAT_DEAD_LETTER_QUEUE_URL = Setting.of(Area.CHAT, "CHAT_DEAD_LETTER_QUEUE_URL", Kind.URL)
            .from(new Origin.Template("ChatDeadLetterQueue"))
            .readBy(CHAT)
            .means("Where a follow-up that Slack or Teams refuses for good (a 4xx other than 429, an unknown webhook) is moved "
                    + "at once; unset: it stays on the queue until the queue's own redrive moves it.");

    public static final Setting CHAT_TIMEOUT_SECONDS = Setting.of(Area.CHAT, "CHAT_TIMEOUT_SECONDS", Kind.SECONDS)
            .byDefault("5")
            .readBy(CHAT, CHAT_DIGEST)
            .means("How long one post to Slack or Teams may take before it is left for a retry.");
}
