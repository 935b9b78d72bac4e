package org.mfaportal.credentials.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfaportal.aws.TemporaryCredentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The {@code credential_process} JSON. {@link PythonReadsCredentialFilesTest} also parses it with Python's json. */
class CredentialProcessJsonTest {

    private final CredentialSnippets snippets = new CredentialSnippets();

    @Test
    void rendersVersionOneDocumentOnOneLine() {
        assertThat(render(TestCredentials.ordinary())).isEqualTo(
                "{\"Version\":1,\"AccessKeyId\":\"ASIAIOSFODNN7EXAMPLE\","
                        + "\"SecretAccessKey\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\","
                        + "\"SessionToken\":\"IQoJb3JpZ2luX2VjEXAMPLETOKEN+/=\","
                        + "\"Expiration\":\"2025-03-01T12:00:00Z\"}\n");
    }

    @Test
    void leavesOutRoleAndSourceIdentityWhichTheProtocolDoesNotKnow() {
        assertThat(render(TestCredentials.roleSession())).isEqualTo(render(TestCredentials.ordinary()));
    }

    @Test
    void escapesQuotesBackslashesAndControlCharactersTheJsonWay() {
        assertThat(render(TestCredentials.withSecret("say \"hi\" \\ \n\t\u0001")))
                .contains("\"SecretAccessKey\":\"say \\\"hi\\\" \\\\ \\n\\t\\u0001\"");
    }

    @Test
    void writesNonAsciiAsUnicodeEscapesSoTheDocumentIsPureAscii() {
        String json = render(TestCredentials.withSecret("é🔑"));
        assertThat(json).contains("\"SecretAccessKey\":\"\\u00E9\\uD83D\\uDD11\"");
        assertThat(json.chars()).allMatch(c -> c < 0x80);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.mfaportal.credentials.snippets.TrickyValues#all")
    void readsBackEveryValueUnchanged(String secret) throws Exception {
        JsonNode json = new ObjectMapper().readTree(render(TestCredentials.withSecret(secret)));
        assertThat(json.get("SecretAccessKey").textValue()).isEqualTo(secret);
        assertThat(json.get("Version").intValue()).isEqualTo(1);
    }

    private String render(TemporaryCredentials credentials) {
        return snippets.render(CredentialFormat.PROCESS, credentials, SnippetOptions.defaults().withRegion("eu-central-1"));
    }
}
