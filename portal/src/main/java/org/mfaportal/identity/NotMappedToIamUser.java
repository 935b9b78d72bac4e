package org.mfaportal.identity;

import org.mfaportal.web.Problem;

/** The signed-in person has no IAM user the portal may manage. They can do nothing but read why. */
public final class NotMappedToIamUser extends Problem {

    /** Why the mapping failed; each has its own explanation on the page. */
    public enum Reason {
        /** The token lacks the configured claim. */
        MISSING_CLAIM,
        /** The derived name is not a valid IAM user name. */
        INVALID_NAME,
        /** IAM has no user of that name. */
        NO_SUCH_USER,
        /** The IAM user exists but outside the managed path. */
        OUTSIDE_MANAGED_PATH
    }

    private final Reason reason;
    private final String derivedName;

    public NotMappedToIamUser(Reason reason, String derivedName) {
        super("Signed-in person is not mapped to a managed IAM user: " + reason, null, 403, "identity-not-mapped",
                "No IAM user for you in this portal", "Your sign-in does not map to an IAM user the portal manages ("
                        + reason.name().toLowerCase().replace('_', '-') + ").",
                "Ask your AWS administrators to create your IAM user in the managed path.");
        this.reason = reason;
        this.derivedName = derivedName;
    }

    public Reason reason() {
        return reason;
    }

    /** The IAM user name derived from the token, if any (safe to show: it is the person's own name). */
    public String derivedName() {
        return derivedName;
    }
}
