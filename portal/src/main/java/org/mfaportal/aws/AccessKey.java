package org.mfaportal.aws;

import java.time.Instant;

/** A long-term access key pair; the secret never leaves the server and never reaches a log. */
public record AccessKey(String userName, String accessKeyId, String secretAccessKey, Instant createDate) {

    @Override
    public String toString() {
        return "AccessKey[userName=" + userName + ", accessKeyId=" + accessKeyId + ", secretAccessKey=<redacted>]";
    }
}
