package org.mfaportal.testing;

import io.quarkus.test.common.QuarkusTestResource;

/** Test resources every {@code @QuarkusTest} shares: the real Keycloak. */
@QuarkusTestResource(value = KeycloakResource.class, restrictToAnnotatedClass = false)
public final class TestResources {

    private TestResources() {
    }
}
