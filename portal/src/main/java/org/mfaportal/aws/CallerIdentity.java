package org.mfaportal.aws;

/** What {@code GetCallerIdentity} says about a set of credentials. */
public record CallerIdentity(String account, String arn, String userId) {
}
