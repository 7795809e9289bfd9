package io.npsloop.config;

import static io.npsloop.config.Reader.CASES;
import static io.npsloop.config.Reader.CHAT_DIGEST;
import static io.npsloop.config.Reader.DISPATCH;

/**
 * The signed links in follow-ups: the dispatch function makes them, the cases function checks
 * them on the page they open. Both read the same key ring.
 */
public final class ActionLinkSettings {

    private ActionLinkSettings() {}

    public static final Setting ACTION_LINK_KEY_PARAMETER = Setting.of(Area.ACTION_LINKS, "ACTION_LINK_KEY_PARAMETER", Kind.TEXT)
            .parameter("ActionLinkKeyParameter")
            .deployedWith("/nps-loop/action-link-keys")
            .readBy(DISPATCH, CASES)
            .means("SSM Parameter Store name of the SecureString holding the action link key ring, one `<kid>=<base64 key>` a line "
                    + "(32 bytes or more each); the first line signs, every line verifies. Unset or not created yet: follow-ups go out "
                    + "without links, and the link page refuses every link.");

    public static final Setting ACTION_LINK_KEYS = Setting.of(Area.ACTION_LINKS, "ACTION_LINK_KEYS", Kind.SECRET)
            .readBy(DISPATCH, CASES)
            .means("The key ring straight from the environment (local use), keys separated by commas; wins over SSM.");

    public static final Setting ACTION_LINK_DAYS = Setting.of(Area.ACTION_LINKS, "ACTION_LINK_DAYS", Kind.DAYS)
            .byDefault("14")
            .parameter("ActionLinkDays")
            .readBy(DISPATCH)
            .means("Days a follow-up's action links work after the message is sent.");

    public static final Setting REFERRAL_LINK_DAYS = Setting.of(Area.ACTION_LINKS, "REFERRAL_LINK_DAYS", Kind.DAYS)
            .byDefault("30")
            .parameter("ReferralLinkDays")
            .readBy(DISPATCH, CASES)
            .means("Days a referral follow-up's personal page for the promoter (<base>/refer/<token>) works after the message is sent; "
                    + "signed with the action link key ring.");

    public static final Setting PUBLIC_BASE_URL = Setting.of(Area.ACTION_LINKS, "PUBLIC_BASE_URL", Kind.URL)
            .from(new Origin.Template("PublicBaseUrl, else the HTTP API's own URL"))
            .readBy(DISPATCH, CASES, CHAT_DIGEST)
            .means("Where people reach the HTTP API from a mail client; action links and each follow-up's link to its case in the desk "
                    + "(<base>/desk/#/cases/<id>) start with it. Unset: no links at all; needed where a key ring is configured "
                    + "(ACTION_LINK_KEY_PARAMETER or ACTION_LINK_KEYS). The cases function gets it only from PublicBaseUrl (the "
                    + "API's own URL would make the template circular) and shows a referral case's personal link in the desk with it. "
                    + "The chat digest links each overdue case to the desk with it.");
}
