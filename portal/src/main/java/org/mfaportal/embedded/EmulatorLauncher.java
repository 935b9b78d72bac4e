package org.mfaportal.embedded;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import org.mfaportal.aws.AwsEndpointOverride;
import org.mfaportal.emulator.AwsEmulator;
import org.mfaportal.emulator.EmulatorServer;
import org.mfaportal.emulator.EmulatorSettings;
import org.mfaportal.emulator.LatencyModel;

import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Starts the emulator in process at application start when {@code portal.emulator.enabled=true}, stops it on
 * shutdown, and then (only then) provides the {@link AwsEndpointOverride} that points the portal's AWS clients at
 * it. When disabled, {@code Instance<AwsEndpointOverride>} is unsatisfied and the portal talks to real AWS.
 *
 * <p>A bean of dev mode and tests only: the emulator module is a {@code provided} dependency, on the classpath
 * there and absent from the packaged app, whose build drops this bean (docs/decisions/0007).
 */
@IfBuildProfile(anyOf = { "dev", "test" })
@ApplicationScoped
@Typed(EmulatorLauncher.class)
public class EmulatorLauncher implements AwsEndpointOverride {

    private final EmulatorConfig config;
    private EmulatorServer server;

    EmulatorLauncher(EmulatorConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            ensureStarted();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** The endpoint override, a bean only when the emulator is enabled. */
    @Produces
    @Singleton
    @LookupIfProperty(name = "portal.emulator.enabled", stringValue = "true")
    AwsEndpointOverride endpointOverride() {
        ensureStarted();
        return this;
    }

    /**
     * The running emulator, for in-process control (clock, faults, reset) from tests and dev tooling.
     *
     * @throws IllegalStateException when the emulator is disabled
     */
    public synchronized AwsEmulator emulator() {
        return ensureStarted().emulator();
    }

    public boolean enabled() {
        return config.enabled();
    }

    @Override
    public URI endpoint() {
        return ensureStarted().endpoint();
    }

    @Override
    public String accessKeyId() {
        return config.portalAccessKeyId();
    }

    @Override
    public String secretAccessKey() {
        return config.portalSecretAccessKey();
    }

    /** The emulator's settings from {@code portal.emulator.*}. */
    static EmulatorSettings settings(EmulatorConfig config) {
        List<EmulatorSettings.SeedRole> roles = new ArrayList<>();
        config.roles().forEach((name, role) -> roles.add(new EmulatorSettings.SeedRole(name,
                role.maxSessionDuration(), role.allowedUserPath(), role.mfaRequired())));
        EmulatorConfig.Generated generated = config.generatedUsers();
        EmulatorSettings settings = new EmulatorSettings(config.accountId(), config.portalAccessKeyId(),
                config.portalSecretAccessKey(), null, EmulatorSettings.SeedUser.parseAll(config.seedUsers().orElse("")),
                new EmulatorSettings.GeneratedUsers(generated.count(), generated.path(),
                        generated.withDeviceFraction(), generated.orphanDevices()),
                roles, config.randomSeed())
                .withSeedDevices(EmulatorSettings.SeedDevice.parseAll(config.seedDevices().orElse("")));
        LatencyModel.Profile profile = LatencyModel.Profile.parse(config.latencyProfile());
        settings = settings.withProfile(profile);
        if (config.propagationDelay().isPresent() || config.propagationDelayMax().isPresent()) {
            var shortest = config.propagationDelay().orElse(profile.propagationMin());
            settings = settings.withPropagationDelay(shortest, config.propagationDelayMax().orElse(shortest));
        }
        LatencyModel model = settings.latency();
        return settings.withLatency(new LatencyModel(latency(config.iamLatency(), model.iam()),
                latency(config.stsLatency(), model.sts())));
    }

    private static LatencyModel.ServiceLatency latency(EmulatorConfig.Latency given,
            LatencyModel.ServiceLatency profile) {
        return new LatencyModel.ServiceLatency(given.base().map(Duration::toMillis).orElse(profile.millis()),
                given.jitter().map(Duration::toMillis).orElse(profile.jitterMillis()),
                given.newConnection().map(Duration::toMillis).orElse(profile.newConnectionMillis()));
    }

    private synchronized EmulatorServer ensureStarted() {
        if (!config.enabled()) {
            throw new IllegalStateException("the AWS emulator is disabled (portal.emulator.enabled=false)");
        }
        if (server == null) {
            EmulatorServer started = new EmulatorServer(new AwsEmulator(settings(config)));
            started.start(config.host(), config.port());
            server = started;
        }
        return server;
    }

    synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
