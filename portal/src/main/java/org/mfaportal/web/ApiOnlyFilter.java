package org.mfaportal.web;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Shapes the generated OpenAPI document into the API's contract: only {@code /api/} paths (HTML pages, the CLI
 * download and the emulator stay out, whatever package they live in), and on every operation the error
 * responses any API call can give (401 without a valid token, 403 for a person without a managed IAM user), so
 * an endpoint added later is documented with them without anyone remembering to.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD) // at build time: the document is ready when the portal starts
public class ApiOnlyFilter implements OASFilter {

    static final String API_PREFIX = "/api/";

    private static final Map<String, String> ALWAYS = Map.of(
            "401", ApiDocumentation.UNAUTHORIZED,
            "403", ApiDocumentation.FORBIDDEN);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : Map.copyOf(openAPI.getPaths().getPathItems()).entrySet()) {
            if (!path.getKey().startsWith(API_PREFIX)) {
                openAPI.getPaths().removePathItem(path.getKey());
                continue;
            }
            for (Operation operation : path.getValue().getOperations().values()) {
                APIResponses responses = operation.getResponses();
                if (responses == null) {
                    responses = OASFactory.createAPIResponses();
                    operation.setResponses(responses);
                }
                for (Map.Entry<String, String> always : ALWAYS.entrySet()) {
                    // Replaces the bare 401/403 Quarkus adds to @RolesAllowed operations: ours are problem+json.
                    responses.addAPIResponse(always.getKey(), OASFactory.createAPIResponse().ref(always.getValue()));
                }
            }
        }
    }
}
