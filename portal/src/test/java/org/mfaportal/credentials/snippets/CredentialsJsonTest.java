package org.mfaportal.credentials.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The plain JSON format. */
class CredentialsJsonTest {

    private final CredentialSnippets snippets = new CredentialSnippets();

    @Test
    void rendersStsFieldNamesAndTheExpiry() {
        assertThat(snippets.render(CredentialFormat.JSON, TestCredentials.ordinary(), SnippetOptions.defaults())).isEqualTo("""
                {
                  "AccessKeyId": "ASIAIOSFODNN7EXAMPLE",
                  "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                  "SessionToken": "IQoJb3JpZ2luX2VjEXAMPLETOKEN+/=",
                  "Expiration": "2025-03-01T12:00:00Z"
                }
                """);
    }

    @Test
    void addsRegionRoleArnAndSourceIdentityWhenPresent() {
        assertThat(snippets.render(CredentialFormat.JSON, TestCredentials.roleSession(),
                SnippetOptions.defaults().withRegion("eu-central-1"))).isEqualTo("""
                {
                  "AccessKeyId": "ASIAIOSFODNN7EXAMPLE",
                  "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                  "SessionToken": "IQoJb3JpZ2luX2VjEXAMPLETOKEN+/=",
                  "Expiration": "2025-03-01T12:00:00Z",
                  "Region": "eu-central-1",
                  "AssumedRoleArn": "arn:aws:sts::123456789012:assumed-role/Deploy/alice",
                  "SourceIdentity": "alice@example.com"
                }
                """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.mfaportal.credentials.snippets.TrickyValues#all")
    void readsBackEveryValueUnchanged(String secret) throws Exception {
        String json = snippets.render(CredentialFormat.JSON, TestCredentials.withSecret(secret), SnippetOptions.defaults());
        JsonNode node = new ObjectMapper().readTree(json);
        assertThat(node.get("SecretAccessKey").textValue()).isEqualTo(secret);
        assertThat(json.chars()).allMatch(c -> c < 0x80);
    }
}
