/**
 * Session credentials with MFA: {@link org.mfaportal.credentials.CredentialsService} issues them
 * ({@code GetSessionToken}, or {@code AssumeRole} into an entitled role) through a short-lived key of the engineer
 * ({@code keys}), the page and the API hand them out in any format ({@code snippets}), and
 * {@link org.mfaportal.credentials.SessionRevoker} denies every session issued so far.
 */
package org.mfaportal.credentials;
