package io.npsloop.config;

import static io.npsloop.config.Reader.CASES;

/**
 * The desk's sign-in: the OpenID Connect issuer whose access tokens the cases function accepts
 * (a Cognito user pool in AWS, the local stack's own issuer on this machine), and the URLs the
 * desk's page signs in with. There is no setting that turns the check off: without an issuer,
 * nobody is signed in and every desk route answers 401.
 */
public final class DeskSettings {

    private DeskSettings() {}

    public static final Setting DESK_ISSUER = Setting.of(Area.DESK, "DESK_ISSUER", Kind.URL)
            .from(new Origin.Template("the DeskUserPool's issuer, https://cognito-idp.<region>.amazonaws.com/<pool id>"))
            .readBy(CASES)
            .means("Issuer of the desk's tokens: a token's `iss` must equal it, and its signing keys are read from "
                    + "`<issuer>/.well-known/jwks.json`. Unset: nobody can sign in (every desk route answers 401).");

    public static final Setting DESK_CLIENT_ID = Setting.of(Area.DESK, "DESK_CLIENT_ID", Kind.TEXT)
            .from(new Origin.Template("DeskClient"))
            .readBy(CASES)
            .means("The desk's app client: an access token's `client_id` must equal it. Unset: nobody can sign in.");

    public static final Setting DESK_AUTHORIZE_URL = Setting.of(Area.DESK, "DESK_AUTHORIZE_URL", Kind.URL)
            .from(new Origin.Template("DeskDomain's /oauth2/authorize"))
            .readBy(CASES)
            .means("Where the desk's page sends people to sign in (authorization code flow with PKCE); given to the page in "
                    + "/desk/config.json.");

    public static final Setting DESK_TOKEN_URL = Setting.of(Area.DESK, "DESK_TOKEN_URL", Kind.URL)
            .from(new Origin.Template("DeskDomain's /oauth2/token"))
            .readBy(CASES)
            .means("Where the desk's page exchanges the code for tokens; given to the page in /desk/config.json.");

    public static final Setting DESK_LOGOUT_URL = Setting.of(Area.DESK, "DESK_LOGOUT_URL", Kind.URL)
            .from(new Origin.Template("DeskDomain's /logout"))
            .readBy(CASES)
            .means("Where the desk's page signs people out; given to the page in /desk/config.json.");

    public static final Setting DESK_REDIRECT_URI = Setting.of(Area.DESK, "DESK_REDIRECT_URI", Kind.URL)
            .from(new Origin.Template("PublicBaseUrl + /desk/, the DeskClient's callback URL"))
            .readBy(CASES)
            .means("Where the sign-in service sends people back with a code: the desk's own page, registered as the app "
                    + "client's callback URL.");
}
