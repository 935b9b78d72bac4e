package org.mfaportal.testing;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Installs {@link ApiContract} before every test of the suite (registered in {@code META-INF/services} for JUnit's
 * automatic extension detection, which quarkus-junit's {@code junit-platform.properties} switches on), so no test
 * can call the API
 * without its answers being checked against the OpenAPI document. A {@code @QuarkusTest} runs in Quarkus' own
 * class loader with its own RestAssured: the filter is installed through the test class's loader.
 */
public class ApiContractExtension implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        ClassLoader loader = context.getRequiredTestClass().getClassLoader();
        Class.forName(ApiContract.class.getName(), true, loader).getMethod("install").invoke(null);
    }
}
