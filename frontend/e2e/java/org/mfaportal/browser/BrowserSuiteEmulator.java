package org.mfaportal.browser;

import java.util.HashMap;
import java.util.Map;

import org.mfaportal.testing.StandaloneEmulator;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The AWS the browser suite's packaged app talks to: the emulator's own jar as a process on the suite's emulator
 * port, seeded like the test profile's embedded emulator (the packaged app has none of its own). The suite moves
 * its clock through the control endpoint ({@link EmulatorControl}).
 */
public class BrowserSuiteEmulator implements QuarkusTestResourceLifecycleManager {

    private StandaloneEmulator emulator;

    @Override
    public Map<String, String> start() {
        emulator = StandaloneEmulator.start(SuiteSettings.EMULATOR_PORT, StandaloneEmulator.optionsOfProfile("test"));
        Map<String, String> settings = new HashMap<>(emulator.portalSettings());
        // The portal's own key, read by the AWS SDK's default chain (system properties of the launched app).
        Map<String, String> key = StandaloneEmulator.portalKey();
        settings.put("aws.accessKeyId", key.get("AWS_ACCESS_KEY_ID"));
        settings.put("aws.secretAccessKey", key.get("AWS_SECRET_ACCESS_KEY"));
        return settings;
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
