package org.mfaportal.credentials.snippets;

import java.util.ArrayList;
import java.util.List;

import org.mfaportal.aws.TemporaryCredentials;

/**
 * The variables every environment-style format sets, in order, with the names the AWS CLI and SDKs read.
 * {@code AWS_DEFAULT_REGION} is set next to {@code AWS_REGION} because the AWS CLI v1 and some tools read only
 * the older name.
 */
final class EnvironmentVariables {

    record Variable(String name, String value) {
    }

    private EnvironmentVariables() {
    }

    /**
     * @throws UnrepresentableCredentialValue if a value holds a NUL, which no environment variable can carry
     */
    static List<Variable> of(CredentialFormat format, TemporaryCredentials credentials, SnippetOptions options) {
        List<Variable> variables = new ArrayList<>(6);
        variables.add(new Variable("AWS_ACCESS_KEY_ID", credentials.accessKeyId()));
        variables.add(new Variable("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey()));
        variables.add(new Variable("AWS_SESSION_TOKEN", credentials.sessionToken()));
        variables.add(new Variable("AWS_CREDENTIAL_EXPIRATION", SnippetText.iso8601(credentials.expiration())));
        options.region().ifPresent(region -> {
            variables.add(new Variable("AWS_REGION", region));
            variables.add(new Variable("AWS_DEFAULT_REGION", region));
        });
        for (Variable variable : variables) {
            ValueRules.refuse(format, variable.name(), variable.value(), ValueRules.NUL, "a NUL character");
        }
        return variables;
    }
}
