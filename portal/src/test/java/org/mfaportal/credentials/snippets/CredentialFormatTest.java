package org.mfaportal.credentials.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class CredentialFormatTest {

    @Test
    void idsAreTheStablePublishedLowercaseNames() {
        assertThat(Arrays.stream(CredentialFormat.values()).map(CredentialFormat::id))
                .containsExactly("bash", "fish", "powershell", "cmd", "credentials", "dotenv", "process", "json");
    }

    @Test
    void mediaTypesFileNamesAndDisplayNamesAreDistinct() {
        CredentialFormat[] formats = CredentialFormat.values();
        assertThat(Arrays.stream(formats).map(CredentialFormat::mediaType)).doesNotHaveDuplicates();
        assertThat(Arrays.stream(formats).map(CredentialFormat::fileName)).doesNotHaveDuplicates();
        assertThat(Arrays.stream(formats).map(CredentialFormat::displayName)).doesNotHaveDuplicates();
    }

    @Test
    void fromIdIgnoresLetterCaseAndSurroundingBlanks() {
        assertThat(CredentialFormat.fromId("bash")).isEqualTo(CredentialFormat.BASH);
        assertThat(CredentialFormat.fromId(" PowerShell ")).isEqualTo(CredentialFormat.POWERSHELL);
    }

    @Test
    void fromIdRejectsAnUnknownIdListingTheValidOnes() {
        assertThatThrownBy(() -> CredentialFormat.fromId("zsh"))
                .isInstanceOf(UnknownCredentialFormat.class)
                .hasMessage("Unknown credential format 'zsh'; use one of: bash, fish, powershell, cmd, credentials, dotenv, process, json.");
        assertThatThrownBy(() -> CredentialFormat.fromId(null)).isInstanceOf(UnknownCredentialFormat.class);
    }

    @Test
    void fromIdKeepsAnAbsurdIdOutOfTheMessage() {
        assertThatThrownBy(() -> CredentialFormat.fromId("x".repeat(500) + "\n<script>"))
                .isInstanceOf(UnknownCredentialFormat.class)
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("x".repeat(33));
    }

    @Test
    void forMediaTypeIgnoresParametersAndLetterCase() {
        assertThat(CredentialFormat.forMediaType("Text/X-Shellscript; charset=utf-8")).contains(CredentialFormat.BASH);
        assertThat(CredentialFormat.forMediaType("application/json")).contains(CredentialFormat.JSON);
        assertThat(CredentialFormat.forMediaType("*/*")).isEmpty();
        assertThat(CredentialFormat.forMediaType(null)).isEmpty();
    }

    @Test
    void contentTypeAddsUtf8CharsetToTextTypesOnly() {
        assertThat(CredentialFormat.FISH.contentType()).isEqualTo("text/x-fish; charset=UTF-8");
        assertThat(CredentialFormat.JSON.contentType()).isEqualTo("application/json");
    }
}
