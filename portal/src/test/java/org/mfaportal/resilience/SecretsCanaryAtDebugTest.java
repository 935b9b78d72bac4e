package org.mfaportal.resilience;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The canary with the root log level at DEBUG, as an operator chasing a problem would set it: the HTTP wire
 * loggers of the AWS SDK, the identity layer and the database driver must still write no secret.
 */
@QuarkusTest
@TestProfile(SecretsCanaryAtDebugTest.RootAtDebug.class)
class SecretsCanaryAtDebugTest extends SecretsCanaryTest {

    /** Root at DEBUG; the console stays at INFO so the build log stays readable (the test captures everything). */
    public static class RootAtDebug implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.level", "DEBUG", "quarkus.log.console.level", "INFO");
        }
    }
}
