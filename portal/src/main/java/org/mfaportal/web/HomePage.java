package org.mfaportal.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;
import org.mfaportal.identity.CurrentUser;
import org.mfaportal.identity.PortalUser;
import org.mfaportal.mfa.MfaService;
import org.mfaportal.mfa.MfaStatus;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The signed-in engineer's home: who they are, their IAM user, their device and what they can do. */
@Path("/")
public class HomePage {

    /** Confirmations shown after an action redirected here; the query parameter carries only this name. */
    public enum Done {
        activated("Your MFA device is active. Your access keys now satisfy MFA policies once you get session credentials."),
        resynced("Your MFA device is resynced; its codes are accepted again."),
        removed("Your MFA device was deactivated and deleted. Set up a new one to use MFA again.");

        private final String message;

        Done(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(PortalUser user, MfaStatus status, Done done);
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
        return Templates.home(user, mfa.status(user), parse(done));
    }

    private static Done parse(String done) {
        for (Done d : Done.values()) {
            if (d.name().equals(done)) {
                return d;
            }
        }
        return null;
    }
}
