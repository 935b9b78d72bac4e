package org.mfaportal.credentials.snippets;

import org.mfaportal.aws.TemporaryCredentials;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Plain JSON with the field names of STS's {@code Credentials} ({@code AccessKeyId}, ...), so that scripts written
 * against {@code aws sts get-session-token} output need only a different path, plus {@code Region},
 * {@code AssumedRoleArn} and {@code SourceIdentity} when they are set.
 */
final class CredentialsJson {

    private CredentialsJson() {
    }

    static String render(TemporaryCredentials credentials, SnippetOptions options) {
        ObjectNode json = JsonText.object()
                .put("AccessKeyId", credentials.accessKeyId())
                .put("SecretAccessKey", credentials.secretAccessKey())
                .put("SessionToken", credentials.sessionToken())
                .put("Expiration", SnippetText.iso8601(credentials.expiration()));
        options.region().ifPresent(region -> json.put("Region", region));
        if (credentials.assumedRoleArn() != null) {
            json.put("AssumedRoleArn", credentials.assumedRoleArn());
        }
        if (credentials.sourceIdentity() != null) {
            json.put("SourceIdentity", credentials.sourceIdentity());
        }
        return JsonText.pretty(json);
    }
}
