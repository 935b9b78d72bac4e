package org.mfaportal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.mfaportal.emulator.EmulatorSettings.SeedRole;
import org.mfaportal.emulator.EmulatorSettings.SeedUser;

class EmulatorSettingsTest {

    @Test
    void seedUsersParseGroupsOfPathAndNames() {
        assertThat(SeedUser.parseAll("/engineers/:alice,bob; /contractors/:carol ;dave")).containsExactly(
                new SeedUser("/engineers/", "alice"), new SeedUser("/engineers/", "bob"),
                new SeedUser("/contractors/", "carol"), new SeedUser("/", "dave"));
        assertThat(SeedUser.parseAll("")).isEmpty();
    }

    @Test
    void seedUsersRejectInvalidPathsAndNames() {
        assertThatThrownBy(() -> SeedUser.parseAll("engineers:alice")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeedUser.parseAll("/engineers/:al ice")).isInstanceOf(
                IllegalArgumentException.class);
    }

    @Test
    void rolesParseNameDurationPathAndMfaFlag() {
        assertThat(SeedRole.parse("engineer:43200:/engineers/")).isEqualTo(new SeedRole("engineer",
                Duration.ofHours(12), "/engineers/", true));
        assertThat(SeedRole.parse("open:3600:/:no-mfa").mfaRequired()).isFalse();
        assertThatThrownBy(() -> SeedRole.parse("long:50000:/")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void seedUsersExistFromTheStartAndResetBringsThemBack() {
        AwsEmulator emulator = new AwsEmulator(EmulatorSettings.defaults()
                .withSeedUsers(SeedUser.parseAll("/engineers/:alice,bob")));

        assertThat(emulator.summary()).containsEntry("users", 2);
        emulator.reset();
        assertThat(emulator.summary()).containsEntry("users", 2).containsEntry("clockOffsetSeconds", 0L);
    }
}
