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
        removed("Your MFA device was deactivated and deleted. Set up a new one to use MFA again.");

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
        static native TemplateInstance home(PortalUser user, MfaStatus status, DeviceConfirmation done);
    }

    private final CurrentUser currentUser;
    private final MfaService mfa;

    HomePage(CurrentUser currentUser, MfaService mfa) {
        this.currentUser = currentUser;
        this.mfa = mfa;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance home(@RestQuery String done) {
        PortalUser user = currentUser.get();
        return Templates.home(user, mfa.status(user), Confirmation.parse(DeviceConfirmation.class, done));
    }
}
