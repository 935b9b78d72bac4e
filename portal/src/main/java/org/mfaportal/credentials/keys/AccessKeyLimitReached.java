package org.mfaportal.credentials.keys;

import org.mfaportal.web.Problem;

/** The engineer already has two access keys (AWS's limit); the portal never deletes keys of their own. */
public final class AccessKeyLimitReached extends Problem {

    public AccessKeyLimitReached() {
        super(409, "access-key-limit", "You already have two access keys",
                "To issue credentials the portal briefly creates a third access key for your IAM user, and AWS allows "
                        + "only two. The portal never deletes keys of your own.",
                "Delete an access key you no longer use (or ask an admin to), then try again.");
    }
}
