package org.mfaportal.mfa;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;
import org.mfaportal.identity.CurrentUser;
import org.mfaportal.identity.PortalUser;
import org.mfaportal.web.Confirmation;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The signed-in engineer's home: who they are, their IAM user, their device and what they can do. */
@Path("/")
public class HomePage {

    /** Confirmations shown after a device action redirected here. */
    public enum DeviceConfirmation implements Confirmation {
        activated("Your MFA device is active. Your access keys now satisfy MFA policies once you get session credentials."),
        resynced("Your MFA device is resynced; its codes are accepted again."),
        removed("The MFA device was removed.");

        private final String message;

        DeviceConfirmation(String message) {
            this.message = message;
        }

        @Override
        public String message() {
            return message;
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(PortalUser user, MfaStatus status, DeviceConfirmation done,
                AddDeviceProblem problem, String name);
    }

    private final CurrentUser currentUser;
    private final MfaService mfa;

    HomePage(CurrentUser currentUser, MfaService mfa) {
        this.currentUser = currentUser;
        this.mfa = mfa;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance home(@RestQuery String done, @RestQuery String problem, @RestQuery String name) {
        PortalUser user = currentUser.get();
        MfaStatus status = mfa.status(user);
        AddDeviceProblem addProblem = AddDeviceProblem.parse(problem);
        return Templates.home(user, status, Confirmation.parse(DeviceConfirmation.class, done), addProblem,
                addProblem == null || name == null ? status.suggestedName() : name);
    }

    /** Why adding a device was refused, shown next to the name field after the redirect. */
    public enum AddDeviceProblem {
        INVALID_NAME("invalid-device-name", "Choose another name: 1 to 64 letters, digits and + = , . @ _ -, "
                + "different from your other devices' names."),
        LIMIT_REACHED("device-limit-reached", "You already have the most MFA devices allowed. Remove one you no "
                + "longer use first.");

        private final String code;
        private final String message;

        AddDeviceProblem(String code, String message) {
            this.code = code;
            this.message = message;
        }

        public String message() {
            return message;
        }

        static AddDeviceProblem parse(String code) {
            for (AddDeviceProblem p : values()) {
                if (p.code.equals(code)) {
                    return p;
                }
            }
            return null;
        }
    }
}
