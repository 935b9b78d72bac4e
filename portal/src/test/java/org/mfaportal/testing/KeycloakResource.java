package org.mfaportal.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the portal under test at the real Keycloak of {@link KeycloakServer}. */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.oidc.auth-server-url", KeycloakServer.realmUrl());
    }

    @Override
    public void stop() {
        // The server outlives one application start; KeycloakServer stops it when the test JVM exits.
    }
}
