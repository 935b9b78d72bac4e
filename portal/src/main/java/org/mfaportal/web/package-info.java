/**
 * The ground floor every feature stands on, knowing none of them: the error model ({@link org.mfaportal.web.Problem},
 * {@link org.mfaportal.web.ProblemDetails}, {@link org.mfaportal.web.ErrorMapper}, {@link org.mfaportal.web.Forms}),
 * layout support, request ids, CSRF, security headers, and the API's OpenAPI definition below (names and examples in
 * {@link org.mfaportal.web.ApiDocumentation}).
 */
@OpenAPIDefinition(
        info = @Info(title = "MFA Portal API", version = "1",
                description = "Manage your own AWS IAM virtual MFA device and get short-lived AWS credentials with "
                        + "an MFA code. Every call needs a bearer access token from the portal's OpenID Connect "
                        + "provider with the `mfa-portal-api` audience (the `mfa-portal` command-line helper at `/cli` "
                        + "gets one for you). Errors are `application/problem+json` (RFC 9457) with a stable "
                        + "`code`, an `advice` and the `requestId`; every response carries `X-Request-Id` (a "
                        + "well-formed incoming one is kept). Nothing secret is cached: secret responses are "
                        + "`Cache-Control: no-store`. A method a path does not have answers 405 with `Allow` naming "
                        + "the ones it has. Limits: a body of 64 KiB, a request line of 4,096 bytes, headers of 20 "
                        + "KiB (413, 414, 431)."),
        security = @SecurityRequirement(name = ApiDocumentation.BEARER),
        components = @Components(
                responses = {
                        @APIResponse(name = ApiDocumentation.BAD_REQUEST, responseCode = "400",
                                description = "Invalid input (`invalid-input`, with per-field `errors`), a code AWS "
                                        + "did not accept (`mfa-code-invalid`) or a missing confirmation "
                                        + "(`confirmation-required`). Nothing was done.",
                                content = @Content(mediaType = ProblemDetails.MEDIA_TYPE,
                                        schema = @Schema(implementation = ProblemDetails.class),
                                        examples = {
                                                @ExampleObject(name = "invalid-input", value = ApiDocumentation.INVALID_INPUT),
                                                @ExampleObject(name = "mfa-code-invalid", value = ApiDocumentation.CODE_INVALID) })),
                        @APIResponse(name = ApiDocumentation.UNAUTHORIZED, responseCode = "401",
                                description = "No bearer token, or one that is invalid, expired, or not issued for "
                                        + "the portal (`unauthorized`). Get a new token.",
                                headers = @Header(name = "WWW-Authenticate", schema = @Schema(type = SchemaType.STRING)),
                                content = @Content(mediaType = ProblemDetails.MEDIA_TYPE,
                                        schema = @Schema(implementation = ProblemDetails.class),
                                        examples = @ExampleObject(name = "unauthorized", value = ApiDocumentation.UNAUTHORIZED_EXAMPLE))),
                        @APIResponse(name = ApiDocumentation.FORBIDDEN, responseCode = "403",
                                description = "You are signed in but have no IAM user in the portal's managed path "
                                        + "(`identity-not-mapped`), or the action needs rights you lack (`not-allowed`).",
                                content = @Content(mediaType = ProblemDetails.MEDIA_TYPE,
                                        schema = @Schema(implementation = ProblemDetails.class),
                                        examples = @ExampleObject(name = "identity-not-mapped", value = ApiDocumentation.NOT_MAPPED))),
                        @APIResponse(name = ApiDocumentation.NOT_FOUND, responseCode = "404",
                                description = "No such device, pending enrollment or role for you; another person's "
                                        + "answers exactly like a missing one.",
                                content = @Content(mediaType = ProblemDetails.MEDIA_TYPE,
                                        schema = @Schema(implementation = ProblemDetails.class),
                                        examples = @ExampleObject(name = "device-not-found", value = ApiDocumentation.NOT_FOUND_EXAMPLE))),
                        @APIResponse(name = ApiDocumentation.CONFLICT, responseCode = "409",
                                description = "The state does not allow it: no active device, a device already "
                                        + "active, an AWS limit reached (devices or access keys), or AWS saw a "
                                        + "different state.",
                                content = @Content(mediaType = ProblemDetails.MEDIA_TYPE,
                                        schema = @Schema(implementation = ProblemDetails.class),
                                        examples = @ExampleObject(name = "no-active-device", value = ApiDocumentation.CONFLICT_EXAMPLE))),
                        @APIResponse(name = ApiDocumentation.LOCKED, responseCode = "423",
                                description = "Too many wrong MFA codes: code entry is paused for you on every "
                                        + "replica (`locked-out`). Retry after `Retry-After` seconds.",
                                headers = @Header(name = "Retry-After", description = "Seconds to wait",
                                        schema = @Schema(type = SchemaType.INTEGER)),
                                content = @Content(mediaType = ProblemDetails.MEDIA_TYPE,
                                        schema = @Schema(implementation = ProblemDetails.class),
                                        examples = @ExampleObject(name = "locked-out", value = ApiDocumentation.LOCKED_EXAMPLE))),
                        @APIResponse(name = ApiDocumentation.TOO_MANY_REQUESTS, responseCode = "429",
                                description = "You called this endpoint too often (`rate-limited`). Retry after "
                                        + "`Retry-After` seconds.",
                                headers = @Header(name = "Retry-After", description = "Seconds to wait",
                                        schema = @Schema(type = SchemaType.INTEGER)),
                                content = @Content(mediaType = ProblemDetails.MEDIA_TYPE,
                                        schema = @Schema(implementation = ProblemDetails.class),
                                        examples = @ExampleObject(name = "rate-limited", value = ApiDocumentation.RATE_LIMITED_EXAMPLE))),
                        @APIResponse(name = ApiDocumentation.NOT_ACCEPTABLE, responseCode = "406",
                                description = "None of the media types in `Accept` is one this call answers with "
                                        + "(`not-acceptable`).",
                                content = @Content(mediaType = ProblemDetails.MEDIA_TYPE,
                                        schema = @Schema(implementation = ProblemDetails.class))),
                        @APIResponse(name = ApiDocumentation.GONE, responseCode = "410",
                                description = "The code request expired (`code-request-expired`), was refused "
                                        + "(`code-request-refused`) or was collected already (`code-request-used`).",
                                content = @Content(mediaType = ProblemDetails.MEDIA_TYPE,
                                        schema = @Schema(implementation = ProblemDetails.class))),
                        @APIResponse(name = ApiDocumentation.PAYLOAD_TOO_LARGE, responseCode = "413",
                                description = "The body is larger than the portal takes (`payload-too-large`; "
                                        + "`quarkus.http.limits.max-body-size`, 64 KiB by default). Nothing was done.",
                                content = @Content(mediaType = ProblemDetails.MEDIA_TYPE,
                                        schema = @Schema(implementation = ProblemDetails.class))),
                        @APIResponse(name = ApiDocumentation.URI_TOO_LONG, responseCode = "414",
                                description = "The request line is longer than the portal takes (`uri-too-long`; "
                                        + "`quarkus.http.limits.max-initial-line-length`, 4096 bytes by default).",
                                content = @Content(mediaType = ProblemDetails.MEDIA_TYPE,
                                        schema = @Schema(implementation = ProblemDetails.class))),
                        @APIResponse(name = ApiDocumentation.UNSUPPORTED_MEDIA_TYPE, responseCode = "415",
                                description = "The body is not `application/json` (`unsupported-media-type`).",
                                content = @Content(mediaType = ProblemDetails.MEDIA_TYPE,
                                        schema = @Schema(implementation = ProblemDetails.class))),
                        @APIResponse(name = ApiDocumentation.HEADERS_TOO_LARGE, responseCode = "431",
                                description = "The headers are larger than the portal takes (`headers-too-large`; "
                                        + "`quarkus.http.limits.max-header-size`, 20 KiB by default).",
                                content = @Content(mediaType = ProblemDetails.MEDIA_TYPE,
                                        schema = @Schema(implementation = ProblemDetails.class))),
                        @APIResponse(name = ApiDocumentation.INTERNAL_ERROR, responseCode = "500",
                                description = "A bug (`internal-error`): quote the `requestId` to the operators. "
                                        + "Nothing was reported as done.",
                                content = @Content(mediaType = ProblemDetails.MEDIA_TYPE,
                                        schema = @Schema(implementation = ProblemDetails.class))),
                        @APIResponse(name = ApiDocumentation.UNAVAILABLE, responseCode = "503",
                                description = "AWS is busy, unreachable or not ready (`aws-throttled`, "
                                        + "`aws-unavailable`, `aws-credentials-not-ready`), or the audit trail cannot "
                                        + "be written (`audit-unavailable`). Nothing was done; retry after "
                                        + "`Retry-After` seconds when present.",
                                headers = @Header(name = "Retry-After", description = "Seconds to wait",
                                        schema = @Schema(type = SchemaType.INTEGER)),
                                content = @Content(mediaType = ProblemDetails.MEDIA_TYPE,
                                        schema = @Schema(implementation = ProblemDetails.class),
                                        examples = @ExampleObject(name = "aws-throttled", value = ApiDocumentation.THROTTLED_EXAMPLE))) },
                schemas = {
                        @Schema(name = ApiDocumentation.CREDENTIALS_JSON, type = SchemaType.OBJECT,
                                description = "The `json` format: the field names of STS's `Credentials`, plus the "
                                        + "region, and the role's ARN and source identity for role credentials.",
                                requiredProperties = { "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration" },
                                properties = {
                                        @SchemaProperty(name = "AccessKeyId", type = SchemaType.STRING),
                                        @SchemaProperty(name = "SecretAccessKey", type = SchemaType.STRING),
                                        @SchemaProperty(name = "SessionToken", type = SchemaType.STRING),
                                        @SchemaProperty(name = "Expiration", type = SchemaType.STRING, format = "date-time"),
                                        @SchemaProperty(name = "Region", type = SchemaType.STRING),
                                        @SchemaProperty(name = "AssumedRoleArn", type = SchemaType.STRING),
                                        @SchemaProperty(name = "SourceIdentity", type = SchemaType.STRING) }),
                        @Schema(name = ApiDocumentation.CREDENTIAL_PROCESS_JSON, type = SchemaType.OBJECT,
                                description = "The `process` format, as the AWS CLI's `credential_process` reads it.",
                                requiredProperties = { "Version", "AccessKeyId", "SecretAccessKey", "SessionToken",
                                        "Expiration" },
                                properties = {
                                        @SchemaProperty(name = "Version", type = SchemaType.INTEGER, enumeration = "1"),
                                        @SchemaProperty(name = "AccessKeyId", type = SchemaType.STRING),
                                        @SchemaProperty(name = "SecretAccessKey", type = SchemaType.STRING),
                                        @SchemaProperty(name = "SessionToken", type = SchemaType.STRING),
                                        @SchemaProperty(name = "Expiration", type = SchemaType.STRING, format = "date-time") }) },
                securitySchemes = @SecurityScheme(securitySchemeName = ApiDocumentation.BEARER,
                        type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
                        description = "An access token from the portal's OpenID Connect provider with the "
                                + "`mfa-portal-api` audience, e.g. from the device authorization grant of client "
                                + "`mfa-portal-cli`.")))
package org.mfaportal.web;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
