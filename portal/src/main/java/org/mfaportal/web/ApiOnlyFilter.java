package org.mfaportal.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Shapes the generated OpenAPI document into the API's contract (decision 0014): only {@code /api/} paths (HTML
 * pages, the CLI download and the emulator stay out, whatever package they live in); on every operation the error
 * responses any API call can give, so an endpoint added later is documented with them without anyone remembering
 * to; and every property of an answer's schema required, because answers always carry every field (a field without
 * a value is {@code null}, and declared {@code nullable} where it can be).
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD) // at build time: the document is ready when the portal starts
public class ApiOnlyFilter implements OASFilter {

    static final String API_PREFIX = "/api/";
    private static final String SCHEMAS = "#/components/schemas/";

    /** What any call can get: no valid token, no IAM user, an Accept it cannot serve, HTTP limits, a bug. */
    private static final Map<String, String> ALWAYS = ordered(
            "401", ApiDocumentation.UNAUTHORIZED,
            "403", ApiDocumentation.FORBIDDEN,
            "406", ApiDocumentation.NOT_ACCEPTABLE,
            "413", ApiDocumentation.PAYLOAD_TOO_LARGE,
            "414", ApiDocumentation.URI_TOO_LONG,
            "431", ApiDocumentation.HEADERS_TOO_LARGE,
            "500", ApiDocumentation.INTERNAL_ERROR);

    /** What a call with a body or parameters can get on top: unreadable or invalid input, a body not JSON. */
    private static final Map<String, String> WITH_BODY = ordered(
            "400", ApiDocumentation.BAD_REQUEST,
            "415", ApiDocumentation.UNSUPPORTED_MEDIA_TYPE);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Set<String> requestSchemas = new HashSet<>();
        Set<String> answerSchemas = new HashSet<>();
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
                // Replaces the bare 401/403 Quarkus adds to @RolesAllowed operations: ours are problem+json.
                add(responses, ALWAYS, true);
                if (operation.getRequestBody() != null) {
                    add(responses, WITH_BODY, false);
                    collect(operation.getRequestBody().getContent(), openAPI, requestSchemas);
                } else if (operation.getParameters() != null && !operation.getParameters().isEmpty()) {
                    add(responses, Map.of("400", ApiDocumentation.BAD_REQUEST), false);
                }
                for (APIResponse response : responses.getAPIResponses().values()) {
                    collect(response.getContent(), openAPI, answerSchemas);
                }
            }
        }
        answerSchemas.removeAll(requestSchemas);
        for (String name : answerSchemas) {
            requireEveryProperty(openAPI.getComponents().getSchemas().get(name));
        }
        inlinePrimitives(openAPI);
        removeUnused(openAPI, requestSchemas, answerSchemas);
    }

    /**
     * Replaces references to primitive schemas ({@code Instant}: a date-time string) by the type itself: in OpenAPI
     * 3.0 a reference cannot be {@code nullable}, and SmallRye's {@code allOf} around it keeps a {@code null} out.
     */
    private static void inlinePrimitives(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> primitives = new LinkedHashMap<>();
        openAPI.getComponents().getSchemas().forEach((name, schema) -> {
            if (schema.getType() != null && !schema.getType().contains(Schema.SchemaType.OBJECT)
                    && !schema.getType().contains(Schema.SchemaType.ARRAY) && schema.getEnumeration() == null
                    && schema.getProperties() == null) {
                primitives.put(SCHEMAS + name, schema);
            }
        });
        List<Schema> all = new ArrayList<>();
        openAPI.getComponents().getSchemas().values().forEach(schema -> everySchema(schema, all));
        for (Schema parent : all) {
            if (parent.getProperties() == null) {
                continue;
            }
            for (Map.Entry<String, Schema> property : Map.copyOf(parent.getProperties()).entrySet()) {
                Schema inlined = inlined(property.getValue(), primitives);
                if (inlined != null) {
                    parent.addProperty(property.getKey(), inlined);
                }
            }
        }
        primitives.keySet().forEach(ref -> openAPI.getComponents().removeSchema(ref.substring(SCHEMAS.length())));
    }

    /**
     * A fresh schema of the primitive type a property refers to ({@code $ref}, or SmallRye's {@code allOf} or
     * {@code anyOf} with a null type around it), keeping the property's description and nullability; {@code null}
     * for a property that refers to no primitive.
     */
    private static Schema inlined(Schema property, Map<String, Schema> primitives) {
        boolean nullable = property.getType() != null && property.getType().contains(Schema.SchemaType.NULL);
        Schema target = primitives.get(property.getRef());
        for (List<Schema> parts : Arrays.asList(property.getAllOf(), property.getAnyOf())) {
            if (target != null || parts == null) {
                continue;
            }
            for (Schema part : parts) {
                if (primitives.containsKey(part.getRef())) {
                    target = primitives.get(part.getRef());
                } else if (part.getType() != null && part.getType().equals(List.of(Schema.SchemaType.NULL))) {
                    nullable = true;
                } else {
                    return null; // a real composition: leave it
                }
            }
        }
        if (target == null) {
            return null;
        }
        List<Schema.SchemaType> type = new ArrayList<>(target.getType());
        if (nullable) {
            type.add(Schema.SchemaType.NULL);
        }
        return OASFactory.createSchema().type(type).format(target.getFormat()).description(property.getDescription());
    }

    /** Drops the schemas only the removed page routes referred to. */
    private static void removeUnused(OpenAPI openAPI, Set<String> requestSchemas, Set<String> answerSchemas) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Set<String> used = new HashSet<>(requestSchemas);
        used.addAll(answerSchemas);
        if (openAPI.getComponents().getResponses() != null) {
            openAPI.getComponents().getResponses().values().forEach(r -> collect(r.getContent(), openAPI, used));
        }
        for (PathItem path : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : path.getOperations().values()) {
                if (operation.getParameters() != null) {
                    operation.getParameters().forEach(p -> collect(p.getSchema(), openAPI, used));
                }
            }
        }
        for (String name : List.copyOf(openAPI.getComponents().getSchemas().keySet())) {
            if (!used.contains(name)) {
                openAPI.getComponents().removeSchema(name);
            }
        }
    }

    private static void everySchema(Schema schema, List<Schema> into) {
        if (schema == null) {
            return;
        }
        into.add(schema);
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> everySchema(property, into));
        }
        everySchema(schema.getItems(), into);
        everySchema(schema.getAdditionalPropertiesSchema(), into);
        Stream.of(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf()).filter(Objects::nonNull)
                .flatMap(List::stream).forEach(part -> everySchema(part, into));
    }

    private static void add(APIResponses responses, Map<String, String> refs, boolean replace) {
        for (Map.Entry<String, String> ref : refs.entrySet()) {
            if (replace || !responses.hasAPIResponse(ref.getKey())) {
                responses.addAPIResponse(ref.getKey(), OASFactory.createAPIResponse().ref(ref.getValue()));
            }
        }
    }

    /** An answer carries every field of its schema, {@code null} where it has no value. */
    private static void requireEveryProperty(Schema schema) {
        if (schema == null || schema.getProperties() == null || schema.getProperties().isEmpty()
                || (schema.getRequired() != null && !schema.getRequired().isEmpty())) {
            return; // an enum, a map, or a schema that names its required properties itself (ProblemDetails)
        }
        schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
    }

    /** The component schemas a content refers to, directly or through other schemas. */
    private static void collect(Content content, OpenAPI openAPI, Set<String> into) {
        if (content == null || content.getMediaTypes() == null) {
            return;
        }
        for (MediaType media : content.getMediaTypes().values()) {
            collect(media.getSchema(), openAPI, into);
        }
    }

    private static void collect(Schema schema, OpenAPI openAPI, Set<String> into) {
        if (schema == null) {
            return;
        }
        String ref = schema.getRef();
        if (ref != null && ref.startsWith(SCHEMAS)) {
            String name = ref.substring(SCHEMAS.length());
            if (into.add(name) && openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
                collect(openAPI.getComponents().getSchemas().get(name), openAPI, into);
            }
            return;
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> collect(property, openAPI, into));
        }
        collect(schema.getItems(), openAPI, into);
        collect(schema.getAdditionalPropertiesSchema(), openAPI, into);
        Stream.of(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf()).filter(Objects::nonNull)
                .flatMap(List::stream).forEach(part -> collect(part, openAPI, into));
    }

    private static Map<String, String> ordered(String... codesAndRefs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < codesAndRefs.length; i += 2) {
            map.put(codesAndRefs[i], codesAndRefs[i + 1]);
        }
        return map;
    }
}
