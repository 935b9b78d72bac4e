package org.mfaportal.identity;

/**
 * The signed-in person, mapped to exactly one IAM user in the managed path.
 *
 * @param subject     the identity provider's name for the person (the configured claim's value)
 * @param displayName a name to greet them with
 * @param iamUserName the IAM user the portal acts on for them
 * @param accountId   the AWS account of that IAM user
 * @param admin       whether they hold the configured admin role or group
 */
public record PortalUser(String subject, String displayName, String iamUserName, String accountId, boolean admin) {
}
