package org.mfaportal.resilience;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The canary with the root log level at TRACE (and the build's minimum level lowered so TRACE is written). */
@QuarkusTest
@TestProfile(SecretsCanaryAtTraceTest.RootAtTrace.class)
class SecretsCanaryAtTraceTest extends SecretsCanaryTest {

    /** Root at TRACE; the console stays at INFO so the build log stays readable (the test captures everything). */
    public static class RootAtTrace implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.level", "TRACE", "quarkus.log.min-level", "TRACE",
                    "quarkus.log.console.level", "INFO");
        }
    }
}
