package org.mfaportal.credentials.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mfaportal.aws.TemporaryCredentials;

/** Rules every format shares. */
class CredentialSnippetsTest {

    private final CredentialSnippets snippets = new CredentialSnippets();

    @ParameterizedTest
    @EnumSource(CredentialFormat.class)
    void everyFormatCarriesTheThreeValuesAndTheExpiry(CredentialFormat format) {
        String snippet = snippets.render(format, TestCredentials.ordinary(), SnippetOptions.defaults());
        assertThat(snippet).contains(TestCredentials.ACCESS_KEY_ID, TestCredentials.SECRET, TestCredentials.TOKEN,
                TestCredentials.EXPIRATION_TEXT);
        assertThat(snippet).endsWith("\n");
    }

    @ParameterizedTest
    @EnumSource(CredentialFormat.class)
    void expiryIsCutToTheSecondSoItIsNeverLaterThanTheRealOne(CredentialFormat format) {
        var credentials = new TemporaryCredentials("ASIAX", "s", "t", Instant.parse("2025-03-01T12:00:00.999Z"), null, null);
        assertThat(snippets.render(format, credentials, SnippetOptions.defaults()))
                .contains("2025-03-01T12:00:00Z")
                .doesNotContain(".999");
    }

    @Test
    void refusesIncompleteCredentials() {
        var emptySecret = new TemporaryCredentials("ASIAX", "", "t", TestCredentials.EXPIRATION, null, null);
        var noExpiry = new TemporaryCredentials("ASIAX", "s", "t", null, null, null);
        for (var credentials : List.of(emptySecret, noExpiry)) {
            assertThatThrownBy(() -> snippets.render(CredentialFormat.BASH, credentials, SnippetOptions.defaults()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Incomplete session credentials");
        }
    }

    @ParameterizedTest
    @EnumSource(value = CredentialFormat.class, names = {"CMD", "CREDENTIALS", "DOTENV"})
    void refusalNamesTheFormatAndFieldButNeverTheValue(CredentialFormat format) {
        String secret = "SECRET-PART\n'\"%";
        assertThatThrownBy(() -> snippets.render(format, TestCredentials.withSecret(secret), SnippetOptions.defaults()))
                .isInstanceOf(UnrepresentableCredentialValue.class)
                .hasMessageContaining(format.displayName())
                .hasMessageContaining(fieldOf(format))
                .hasMessageNotContaining("SECRET-PART");
    }

    @Test
    void renderingLogsNothing() {
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Level previous = root.getLevel();
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        try {
            for (CredentialFormat format : CredentialFormat.values()) {
                snippets.render(format, TestCredentials.roleSession(), SnippetOptions.defaults().withRegion("eu-central-1"));
                try {
                    snippets.render(format, TestCredentials.withSecret("a\nb%\"'\\"), SnippetOptions.defaults());
                } catch (UnrepresentableCredentialValue expected) {
                    // refusals must not log either
                }
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(previous);
        }
        assertThat(records).isEmpty();
    }

    private static String fieldOf(CredentialFormat format) {
        return format == CredentialFormat.CREDENTIALS ? "aws_secret_access_key" : "AWS_SECRET_ACCESS_KEY";
    }
}
