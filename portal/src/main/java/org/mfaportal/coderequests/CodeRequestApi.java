package org.mfaportal.coderequests;

import java.net.URI;
import java.time.Instant;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.mfaportal.coderequests.CodeRequestService.NewCodeRequest;
import org.mfaportal.coderequests.CodeRequestService.Opened;
import org.mfaportal.coderequests.CodeRequestService.Polled;
import org.mfaportal.identity.CurrentUser;
import org.mfaportal.web.ApiDocumentation;

/** Code requests for a helper without a terminal: open one, then poll it until the engineer typed the code. */
@Path("/api/v1/code-requests")
@Tag(name = "Code requests", description = "The MFA code typed in the browser when the command-line helper has no terminal")
public class CodeRequestApi {

    /** A new request, as the helper gets it. {@code pollSecret} is shown once and proves the poller. */
    public record Created(String id, URI url, String pollSecret, Instant expiresAt, int pollIntervalSeconds) {
        @Override
        public String toString() {
            return "Created[id=" + id + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** A poll's proof that it comes from the helper that opened the request. */
    public record Poll(@Schema(required = true) String pollSecret) {
        @Override
        public String toString() {
            return "Poll[]";
        }
    }

    /** The request still waits for the engineer. */
    public record Waiting(@Schema(enumeration = "PENDING") String status, Instant expiresAt) {
    }

    private final CurrentUser currentUser;
    private final CodeRequestService service;

    CodeRequestApi(CurrentUser currentUser, CodeRequestService service) {
        this.currentUser = currentUser;
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open a code request", description = "For a helper that cannot ask for the MFA code itself (no "
            + "terminal). Open `url` in the browser where the engineer is signed in: they see `machine` and `command`, "
            + "type their code (or refuse), and the portal issues the credentials described here (`format` default "
            + "`process`; `roleArn`, `durationSeconds`, `region`, `profileName` as for `POST /credentials`; `deviceName`, the device "
            + "the code will come from, preselected on the page). Poll "
            + "with `pollSecret` every `pollIntervalSeconds`. The request belongs to the token's person, works once "
            + "and expires at `expiresAt` (5 minutes by default).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(
            name = "credential_process", value = "{\"machine\":\"alice-laptop\",\"command\":\"aws s3 ls --profile mfa\","
                    + "\"format\":\"process\",\"durationSeconds\":28800}")))
    @APIResponse(responseCode = "201", description = "Opened; `Location` is the page to open", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Created.class), examples = @ExampleObject(name = "opened", value = "{\"id\":"
                    + "\"q2x8cTpK0hY1bN3e4Rv7Ww\",\"url\":\"https://mfa.example.com/code-requests/q2x8cTpK0hY1bN3e4Rv7Ww\","
                    + "\"pollSecret\":\"example-poll-secret-not-real\",\"expiresAt\":\"2025-01-15T09:35:00Z\","
                    + "\"pollIntervalSeconds\":2}")))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "429", ref = ApiDocumentation.TOO_MANY_REQUESTS)
    public Response open(NewCodeRequest request, @Context UriInfo uri) {
        NewCodeRequest asked = request == null ? new NewCodeRequest(null, null, null, null, null, null, null, null) : request;
        Opened opened = service.open(currentUser, asked);
        URI page = uri.getBaseUriBuilder().path("code-requests").path(opened.request().id()).build();
        return Response.created(page).entity(new Created(opened.request().id(), page, opened.pollSecret(),
                opened.request().expiresAt(), opened.pollIntervalSeconds()))
                .header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }

    @POST
    @Path("/{id}/poll")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({ MediaType.APPLICATION_JSON, "application/x-aws-credential-process+json", "text/x-shellscript",
            "text/x-fish", "text/x-powershell", "text/x-msdos-batch", "text/x-ini", "text/x-dotenv", MediaType.TEXT_PLAIN })
    @Operation(summary = "Poll a code request", description = "202 with `{\"status\":\"PENDING\"}` while the engineer has "
            + "not typed the code; 200 with the credentials in the requested format once, after which they are deleted "
            + "from the portal; 410 when the request expired (`code-request-expired`), was refused "
            + "(`code-request-refused`) or was collected already (`code-request-used`).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(
            name = "poll", value = "{\"pollSecret\":\"example-poll-secret-not-real\"}")))
    @APIResponse(responseCode = "200", description = "The credentials in the format the request named, once (never "
            + "cached)", content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiDocumentation.CREDENTIALS_JSON)),
                    @Content(mediaType = "application/x-aws-credential-process+json",
                            schema = @Schema(ref = ApiDocumentation.CREDENTIAL_PROCESS_JSON)),
                    @Content(mediaType = "text/x-shellscript", schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = "text/x-fish", schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = "text/x-powershell", schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = "text/x-msdos-batch", schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = "text/x-ini", schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = "text/x-dotenv", schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING)) })
    @APIResponse(responseCode = "202", description = "Still waiting for the code", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Waiting.class), examples = @ExampleObject(name = "waiting", value = "{\"status\":"
                    + "\"PENDING\",\"expiresAt\":\"2025-01-15T09:35:00Z\"}")))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "410", ref = ApiDocumentation.GONE)
    public Response poll(@PathParam("id") String id, Poll poll) {
        Polled polled = service.poll(currentUser, id, poll == null ? null : poll.pollSecret());
        if (polled.credentials().isEmpty()) {
            return Response.accepted(new Waiting(polled.request().status().name(), polled.request().expiresAt()))
                    .type(MediaType.APPLICATION_JSON).header("Cache-Control", "no-store").build();
        }
        return Response.ok(polled.credentials().get()).type(polled.format().contentType())
                .header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}
