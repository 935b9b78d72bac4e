package org.mfaportal.credentials.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SnippetOptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"default", "dev", "Prod_EU-1.mfa", "a", "0123456789012345678901234567890123456789012345678901234567890123"})
    void acceptsProfileNamesOfLettersDigitsDashUnderscoreAndDot(String name) {
        assertThat(new SnippetOptions(name, Optional.empty()).profileName()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "my profile", "[dev]", "dev]\n[x", "prod#1", "a/b", "é", "profile:dev",
            "01234567890123456789012345678901234567890123456789012345678901234"})
    void rejectsProfileNamesOutsideTheAllowedCharactersOrLength(String name) {
        assertThatThrownBy(() -> new SnippetOptions(name, Optional.empty()))
                .isInstanceOf(InvalidProfileName.class)
                .hasMessageContaining("1 to 64 characters")
                .hasMessageContaining("letters, digits, '-', '_' and '.'");
    }

    @Test
    void rejectsAMissingProfileName() {
        assertThatThrownBy(() -> new SnippetOptions(null, Optional.empty())).isInstanceOf(InvalidProfileName.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"us-east-1", "eu-central-2", "us-gov-west-1", "cn-north-1", "us-isob-east-1", "ap-southeast-5"})
    void acceptsRegionNamesShapedLikeAws(String region) {
        assertThat(SnippetOptions.defaults().withRegion(region).region()).contains(region);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EU-CENTRAL-1", "eu central 1", "eu", "eu-", "eu-central-1\n", "eu-central-1'", "$(id)",
            "aa-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-1"})
    void rejectsRegionsNotShapedLikeAws(String region) {
        assertThatThrownBy(() -> SnippetOptions.defaults().withRegion(region))
                .isInstanceOf(InvalidRegion.class)
                .hasMessageContaining("eu-central-1");
    }

    @Test
    void ofTreatsMissingOrBlankInputAsProfileMfaAndNoRegion() {
        assertThat(SnippetOptions.of(null, null)).isEqualTo(new SnippetOptions("mfa", Optional.empty()));
        assertThat(SnippetOptions.of("  ", "")).isEqualTo(SnippetOptions.defaults());
        assertThat(SnippetOptions.of("dev", "eu-west-1")).isEqualTo(new SnippetOptions("dev", Optional.of("eu-west-1")));
    }
}
