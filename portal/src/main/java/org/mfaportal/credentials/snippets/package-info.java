/**
 * The snippets that carry issued session credentials into a shell, a file or a program.
 *
 * <p>{@link org.mfaportal.credentials.snippets.CredentialSnippets} renders a
 * {@link org.mfaportal.aws.TemporaryCredentials} in one {@link org.mfaportal.credentials.snippets.CredentialFormat}.
 * Each format's quoting lives in its own package-private class ({@code BashSnippet}, {@code FishSnippet},
 * ...); rules that several formats share live in {@code EnvironmentVariables}, {@code ValueRules} and
 * {@code SnippetText}. Nothing in this package logs: the rendered text is a secret.
 */
package org.mfaportal.credentials.snippets;
