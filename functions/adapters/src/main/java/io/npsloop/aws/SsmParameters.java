package io.npsloop.aws;

import java.io.UncheckedIOException;
import java.util.Map;

/** Reads one SecureString from SSM Parameter Store through a signed call, without the SSM client's weight. */
public final class SsmParameters {

    private SsmParameters() {}

    /** The parameter's decrypted value; null when the parameter does not exist. */
    public static String secureString(SignedJsonCalls ssm, String name) {
        try {
            var answer = ssm.call("GetParameter", Map.of("Name", name, "WithDecryption", true));
            if (answer.status() == 200 && answer.body().get("Parameter") instanceof Map<?, ?> parameter
                    && parameter.get("Value") instanceof String value) {
                return value;
            }
            if (answer.status() == 400 && answer.errorType().equals("ParameterNotFound")) {
                return null;
            }
            // The type names the failure; the message could quote the parameter.
            throw new IllegalStateException("SSM GetParameter answered " + answer.status() + " " + answer.errorType());
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("SSM unreachable", e);
        }
    }
}
