package org.mfaportal.coderequests;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.mfaportal.credentials.RoleEntitlements;
import org.mfaportal.identity.CurrentUser;
import org.mfaportal.mfa.DeviceView;
import org.mfaportal.mfa.MfaService;
import org.mfaportal.mfa.MfaStatus;
import org.mfaportal.web.Forms;
import org.mfaportal.web.Problem;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The page a helper without a terminal opens: which machine and command asks for which credentials, a field for the
 * code and a button to refuse. Only the person whose helper asked sees it; anyone else gets "not found".
 */
@Path("/code-requests/{id}")
@Produces(MediaType.TEXT_HTML)
public class CodeRequestPage {

    /** The request as the page shows it. */
    public record View(CodeRequest request, String credentialsFor, boolean open, boolean expired, long secondsLeft,
            List<DeviceChoice> devices) {
    }

    /** A device whose code the page takes (only those that show codes), the chosen one selected. */
    public record DeviceChoice(String serialNumber, String label, boolean selected) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance show(View view, Problem error);
    }

    private final CurrentUser currentUser;
    private final CodeRequestService service;
    private final RoleEntitlements roles;
    private final MfaService mfa;
    private final Clock clock;

    CodeRequestPage(CurrentUser currentUser, CodeRequestService service, RoleEntitlements roles, MfaService mfa,
            Clock clock) {
        this.currentUser = currentUser;
        this.service = service;
        this.roles = roles;
        this.mfa = mfa;
        this.clock = clock;
    }

    @GET
    public TemplateInstance show(@PathParam("id") String id) {
        return Templates.show(view(service.show(currentUser, id), null), null);
    }

    /** The code, from the device chosen on the page ({@code serialNumber}; default: the one used last). */
    @POST
    public Response answer(@PathParam("id") String id, @RestForm String code, @RestForm String serialNumber) {
        try {
            return Response.ok(Templates.show(view(service.answer(currentUser, id, code, serialNumber), null), null))
                    .build();
        } catch (RuntimeException e) {
            return Forms.rerender(e, error -> Templates.show(view(service.show(currentUser, id), serialNumber),
                    error)).build();
        }
    }

    @POST
    @Path("/refuse")
    public Response refuse(@PathParam("id") String id) {
        try {
            return Response.ok(Templates.show(view(service.refuse(currentUser, id), null), null)).build();
        } catch (RuntimeException e) {
            return Forms.rerender(e, error -> Templates.show(view(service.show(currentUser, id), null), error)).build();
        }
    }

    private View view(CodeRequest request, String chosenDevice) {
        Instant now = Instant.now(clock);
        String what = Optional.ofNullable(request.roleArn())
                .map(arn -> roles.find(currentUser, arn).map(r -> "the role " + r.displayName()).orElse("the role " + arn))
                .orElse("your IAM user " + request.userName());
        boolean open = request.isOpen(now);
        return new View(request, what, open, request.isExpired(now), request.secondsLeft(now),
                open ? devices(chosenDevice != null ? chosenDevice : request.serialNumber()) : List.of());
    }

    /** The engineer's devices that show codes, the chosen one (else the one used last) selected. */
    private List<DeviceChoice> devices(String chosen) {
        MfaStatus status = mfa.status(currentUser.get());
        String device = chosen != null && !chosen.isBlank() ? chosen
                : status.defaultCodeDevice().map(DeviceView::serialNumber).orElse(null);
        return status.codeDevices().stream().map(d -> new DeviceChoice(d.serialNumber(),
                d.name() + " (" + d.kindLabel() + ")", d.serialNumber().equals(device))).toList();
    }
}
