package org.mfaportal.credentials.snippets;

import org.mfaportal.aws.TemporaryCredentials;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The output the AWS CLI and SDKs expect from a {@code credential_process} command: version 1, the three values
 * and the expiry, on one line. Nothing else: unknown keys are not part of that contract.
 */
final class CredentialProcessJson {

    private CredentialProcessJson() {
    }

    static String render(TemporaryCredentials credentials) {
        ObjectNode json = JsonText.object()
                .put("Version", 1)
                .put("AccessKeyId", credentials.accessKeyId())
                .put("SecretAccessKey", credentials.secretAccessKey())
                .put("SessionToken", credentials.sessionToken())
                .put("Expiration", SnippetText.iso8601(credentials.expiration()));
        return JsonText.compact(json);
    }
}
