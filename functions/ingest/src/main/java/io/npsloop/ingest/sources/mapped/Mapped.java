package io.npsloop.ingest.sources.mapped;

import io.npsloop.config.Setting;
import io.npsloop.config.Settings;
import io.npsloop.ingest.sources.Signatures;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.SurveyTool;
import io.npsloop.ingest.sources.WebhookSource;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A tool configured by a recipe in {@code MAPPED_SOURCES} rather than by code of its own. */
public final class Mapped implements SurveyTool {

    private final Recipe recipe;

    public Mapped(Recipe recipe) {
        this.recipe = recipe;
    }

    public Recipe recipe() {
        return recipe;
    }

    @Override
    public String name() {
        return recipe.name();
    }

    /** Its one setting, MAPPED_SOURCES, is the ingest function's, shared by every configured tool. */
    @Override
    public List<Setting> settings() {
        return List.of();
    }

    @Override
    public WebhookSource source(Settings settings, Shared shared) {
        return new MappedSource(recipe, new StandardWebhooks(shared.tolerance()), shared.window());
    }

    @Override
    public Set<String> secretHeaders(Settings settings) {
        return recipe.signature() instanceof Recipe.Signature.TokenHeader token ? Set.of(token.header()) : Set.of();
    }

    /** Whether the tool proves its webhooks by the URL with a token, which must then be enabled for it. */
    public boolean takesUrlToken() {
        return recipe.signature() instanceof Recipe.Signature.UrlToken;
    }

    @Override
    public String localSecret() {
        return recipe.signature() instanceof Recipe.Signature.StandardWebhooks
                ? "whsec_bG9jYWwtb25seS1tYXBwZWQtc2lnbmluZy1rZXk="
                : "local-only-mapped-source-secret-0123456789";
    }

    @Override
    public Signed sign(byte[] body, String secret, String messageId, Instant sentAt) {
        var signature = recipe.signature();
        if (signature instanceof Recipe.Signature.HmacSha256 hmac) {
            var mac = Signatures.hmacSha256(Signatures.utf8(secret), body);
            var encoded = hmac.encoding().equals("hex") ? HexFormat.of().formatHex(mac) : Base64.getEncoder().encodeToString(mac);
            return Signed.json(body, hmac.header(), hmac.prefix() + encoded);
        }
        if (signature instanceof Recipe.Signature.TokenHeader token) {
            return Signed.json(body, token.header(), secret);
        }
        if (signature instanceof Recipe.Signature.UrlToken) {
            // The proof is the URL itself; the body goes as it is.
            return new Signed(Map.of("content-type", "application/json"), body);
        }
        return StandardWebhooks.signed(body, secret, messageId, sentAt);
    }
}
