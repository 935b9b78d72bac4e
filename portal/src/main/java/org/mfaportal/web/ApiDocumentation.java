package org.mfaportal.web;

/**
 * Names and examples of the API's OpenAPI document ({@code /openapi}, Swagger UI at {@code /q/swagger-ui}). The
 * document's title, bearer security scheme and the problem+json error responses every {@code *Api} refers to by
 * name ({@code @APIResponse(ref = ApiDocumentation.NOT_FOUND)}) are declared on this package ({@code package-info}),
 * where SmallRye reads an {@code @OpenAPIDefinition}. {@link ApiOnlyFilter} keeps HTML pages out and adds the errors
 * every endpoint can answer with. Examples never carry anything that looks like a real secret.
 */
public final class ApiDocumentation {

    /** The name of the bearer security scheme. */
    public static final String BEARER = "bearer";

    /** Names of the schemas of the two JSON credential formats, under {@code components/schemas}. */
    public static final String CREDENTIALS_JSON = "CredentialsJson";
    public static final String CREDENTIAL_PROCESS_JSON = "CredentialProcessJson";

    /** Names of the shared error responses under {@code components/responses}. */
    public static final String BAD_REQUEST = "BadRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "NotFound";
    public static final String CONFLICT = "Conflict";
    public static final String LOCKED = "LockedOut";
    public static final String TOO_MANY_REQUESTS = "RateLimited";
    public static final String UNAVAILABLE = "Unavailable";
    public static final String NOT_ACCEPTABLE = "NotAcceptable";
    public static final String GONE = "Gone";
    public static final String PAYLOAD_TOO_LARGE = "PayloadTooLarge";
    public static final String URI_TOO_LONG = "UriTooLong";
    public static final String UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType";
    public static final String HEADERS_TOO_LARGE = "HeadersTooLarge";
    public static final String INTERNAL_ERROR = "InternalError";

    /**
     * A six-digit MFA code as the API takes it: blanks pasted along are forgiven ({@code MfaCodes}), anything else
     * is a 400.
     */
    public static final String CODE = "^\\s*(\\d\\s*){6}$";
    /** A user-name search: IAM's user name characters. */
    public static final String USER_SEARCH = "^\\s*([A-Za-z0-9_+=,.@-]{1,64}\\s*)?$";
    /** A device name: IAM's rules, at most 64 characters; blank (or absent) for the suggested name. */
    public static final String DEVICE_NAME = "^\\s*([A-Za-z0-9_+=,.@-]{1,64}\\s*)?$";

    static final String INVALID_INPUT = "{\"type\":\"/problems/invalid-input\",\"title\":\"Some input is not valid\","
            + "\"status\":400,\"detail\":\"Please correct the fields marked below.\",\"code\":\"invalid-input\","
            + "\"advice\":\"Fix the marked fields and submit again.\",\"requestId\":\"3f2b9c1e-0d4a-4e8b-9a57-1c2d3e4f5a6b\","
            + "\"errors\":{\"code\":\"Enter the 6-digit code shown by your authenticator app.\"}}";
    static final String CODE_INVALID = "{\"type\":\"/problems/mfa-code-invalid\",\"title\":\"That code was not accepted\","
            + "\"status\":400,\"detail\":\"AWS did not accept the MFA code. Codes change every 30 seconds and each works "
            + "only once.\",\"code\":\"mfa-code-invalid\",\"advice\":\"Wait for the next code in your authenticator app "
            + "and try again.\",\"requestId\":\"3f2b9c1e-0d4a-4e8b-9a57-1c2d3e4f5a6b\"}";
    static final String UNAUTHORIZED_EXAMPLE = "{\"type\":\"/problems/unauthorized\",\"title\":\"Sign-in required\","
            + "\"status\":401,\"detail\":\"The request has no valid bearer token for the portal.\",\"code\":\"unauthorized\","
            + "\"advice\":\"Get a new access token (mfa-portal login) and try again.\","
            + "\"requestId\":\"3f2b9c1e-0d4a-4e8b-9a57-1c2d3e4f5a6b\"}";
    static final String NOT_MAPPED = "{\"type\":\"/problems/identity-not-mapped\",\"title\":\"No IAM user for you in this "
            + "portal\",\"status\":403,\"detail\":\"Your sign-in does not map to an IAM user the portal manages "
            + "(no-such-user).\",\"code\":\"identity-not-mapped\",\"advice\":\"Ask your AWS administrators to create your "
            + "IAM user in the managed path.\",\"requestId\":\"3f2b9c1e-0d4a-4e8b-9a57-1c2d3e4f5a6b\"}";
    static final String NOT_FOUND_EXAMPLE = "{\"type\":\"/problems/device-not-found\",\"title\":\"No such device\","
            + "\"status\":404,\"detail\":\"You have no MFA device with that serial number.\",\"code\":\"device-not-found\","
            + "\"advice\":\"Reload the page to see your current device.\",\"requestId\":\"3f2b9c1e-0d4a-4e8b-9a57-1c2d3e4f5a6b\"}";
    static final String CONFLICT_EXAMPLE = "{\"type\":\"/problems/no-active-device\",\"title\":\"You have no active MFA "
            + "device\",\"status\":409,\"detail\":\"This needs an active MFA device, and you have none.\","
            + "\"code\":\"no-active-device\",\"advice\":\"Set up MFA first.\",\"requestId\":\"3f2b9c1e-0d4a-4e8b-9a57-1c2d3e4f5a6b\"}";
    static final String LOCKED_EXAMPLE = "{\"type\":\"/problems/locked-out\",\"title\":\"Too many wrong codes\","
            + "\"status\":423,\"detail\":\"You entered too many wrong MFA codes, so code entry is paused for your "
            + "account.\",\"code\":\"locked-out\",\"advice\":\"Try again in 15 minutes. If your codes keep failing, resync "
            + "your device or ask an admin.\",\"requestId\":\"3f2b9c1e-0d4a-4e8b-9a57-1c2d3e4f5a6b\",\"retryAfterSeconds\":900}";
    static final String RATE_LIMITED_EXAMPLE = "{\"type\":\"/problems/rate-limited\",\"title\":\"Too many requests\","
            + "\"status\":429,\"detail\":\"You asked for this too often in a short time.\",\"code\":\"rate-limited\","
            + "\"advice\":\"Wait 120 seconds and try again.\",\"requestId\":\"3f2b9c1e-0d4a-4e8b-9a57-1c2d3e4f5a6b\","
            + "\"retryAfterSeconds\":120}";
    static final String THROTTLED_EXAMPLE = "{\"type\":\"/problems/aws-throttled\",\"title\":\"AWS is busy\","
            + "\"status\":503,\"detail\":\"AWS is limiting the rate of requests right now. Nothing was changed.\","
            + "\"code\":\"aws-throttled\",\"advice\":\"Wait a few seconds and try again.\","
            + "\"requestId\":\"3f2b9c1e-0d4a-4e8b-9a57-1c2d3e4f5a6b\",\"retryAfterSeconds\":5}";

    private ApiDocumentation() {
    }
}
