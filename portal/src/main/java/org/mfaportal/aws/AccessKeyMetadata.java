package org.mfaportal.aws;

import java.time.Instant;

/** An access key of a user, without its secret. */
public record AccessKeyMetadata(String userName, String accessKeyId, String status, Instant createDate) {
}
