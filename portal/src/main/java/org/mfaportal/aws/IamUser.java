package org.mfaportal.aws;

import java.time.Instant;

/** An IAM user as the portal sees it. */
public record IamUser(String userName, String userId, String path, String arn, Instant createDate) {

    /** The 12-digit account id, taken from the user's ARN. */
    public String accountId() {
        return arn.split(":")[4];
    }
}
