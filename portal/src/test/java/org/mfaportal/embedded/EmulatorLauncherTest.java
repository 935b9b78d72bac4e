package org.mfaportal.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mfaportal.emulator.EmulatorSettings;
import org.mfaportal.emulator.LatencyModel;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;

/** The Quarkus side without Quarkus: the config mapping's defaults and the launcher's on/off behaviour. */
class EmulatorLauncherTest {

    @Test
    void configDefaultsKeepTheEmulatorOffOnLoopback() {
        EmulatorConfig config = config(Map.of());

        assertThat(config.enabled()).isFalse();
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isZero();
        assertThat(config.accountId()).isEqualTo("123456789012");
        assertThat(config.propagationDelay()).isEmpty();
        assertThat(config.latencyProfile()).isEqualTo("loopback");
        assertThat(EmulatorLauncher.settings(config).latency()).isEqualTo(LatencyModel.NONE);
        assertThat(EmulatorLauncher.settings(config).propagationDelayMax()).isZero();
        assertThat(config.roles()).isEmpty();
        assertThat(config.generatedUsers().count()).isZero();
    }

    @Test
    void settingsComeFromTheConfig() {
        EmulatorSettings settings = EmulatorLauncher.settings(config(Map.of(
                "portal.emulator.seed-users", "/engineers/:alice,bob;/contractors/:carol",
                "portal.emulator.propagation-delay", "5s",
                "portal.emulator.roles.engineer-admin.max-session-duration", "4h",
                "portal.emulator.roles.engineer-admin.allowed-user-path", "/engineers/",
                "portal.emulator.generated-users.count", "10",
                "portal.emulator.generated-users.with-device-fraction", "0.5")));

        assertThat(settings.seedUsers()).hasSize(3);
        assertThat(settings.propagationDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.roles()).containsExactly(new EmulatorSettings.SeedRole("engineer-admin",
                Duration.ofHours(4), "/engineers/", true));
        assertThat(settings.generatedUsers().count()).isEqualTo(10);
        assertThat(settings.generatedUsers().withDeviceFraction()).isEqualTo(0.5);
    }

    @Test
    void latencyProfileAndItsRefinementsComeFromTheConfig() {
        EmulatorSettings realistic = EmulatorLauncher.settings(config(Map.of(
                "portal.emulator.latency-profile", "realistic")));
        assertThat(realistic.latency()).isEqualTo(LatencyModel.Profile.REALISTIC.latency());
        assertThat(realistic.propagationDelay()).isEqualTo(Duration.ofSeconds(4));
        assertThat(realistic.propagationDelayMax()).isEqualTo(Duration.ofSeconds(12));

        EmulatorSettings refined = EmulatorLauncher.settings(config(Map.of(
                "portal.emulator.latency-profile", "realistic",
                "portal.emulator.propagation-delay", "2s",
                "portal.emulator.sts-latency.base", "40ms",
                "portal.emulator.sts-latency.new-connection", "90ms")));
        assertThat(refined.propagationDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(refined.propagationDelayMax()).isEqualTo(Duration.ofSeconds(2));
        assertThat(refined.latency().iam()).isEqualTo(LatencyModel.Profile.REALISTIC.latency().iam());
        assertThat(refined.latency().sts()).isEqualTo(new LatencyModel.ServiceLatency(40, 3, 90));

        assertThatThrownBy(() -> EmulatorLauncher.settings(config(Map.of(
                "portal.emulator.latency-profile", "satellite")))).hasMessageContaining("realistic");
    }

    @Test
    void disabledLauncherStartsNothingAndRefusesToHandOutAnEmulator() {
        EmulatorLauncher launcher = new EmulatorLauncher(config(Map.of()));
        launcher.onStart(null);

        assertThat(launcher.enabled()).isFalse();
        assertThatThrownBy(launcher::emulator).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(launcher::endpoint).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void enabledLauncherServesTheEndpointOverrideUntilShutdown() {
        EmulatorLauncher launcher = new EmulatorLauncher(config(Map.of("portal.emulator.enabled", "true",
                "portal.emulator.seed-users", "/engineers/:alice")));
        launcher.onStart(null);
        try {
            assertThat(launcher.endpoint().toString()).startsWith("http://127.0.0.1:");
            assertThat(launcher.accessKeyId()).isEqualTo(EmulatorSettings.DEFAULT_PORTAL_ACCESS_KEY_ID);
            assertThat(launcher.endpointOverride()).isSameAs(launcher);
            assertThat(launcher.emulator().summary()).containsEntry("users", 1);
        } finally {
            launcher.onStop(null);
        }
    }

    private static EmulatorConfig config(Map<String, String> values) {
        // Quarkus registers its converter for "5s"-style durations; plain SmallRye needs it spelled out
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(EmulatorConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new MapBackedConfigSource("test", values) {
                }).build();
        return config.getConfigMapping(EmulatorConfig.class);
    }
}
