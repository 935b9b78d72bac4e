package org.mfaportal.credentials.snippets;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the engineer chose besides the format.
 *
 * @param profileName the section name of the {@code ~/.aws/credentials} block: 1 to 64 letters, digits,
 *                    {@code -}, {@code _} or {@code .}; the other formats ignore it
 * @param region      the AWS region to set ({@code AWS_REGION} and {@code AWS_DEFAULT_REGION}), if any
 * @throws InvalidProfileName if the profile name breaks the rule above
 * @throws InvalidRegion      if the region is not shaped like {@code eu-central-1}
 */
public record SnippetOptions(String profileName, Optional<String> region) {

    /**
     * Profile used when the engineer names none. Not {@code default}: that section usually holds the
     * engineer's long-term key, and a second {@code [default]} section makes the whole file unreadable.
     */
    public static final String DEFAULT_PROFILE_NAME = "mfa";

    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    // us-east-1, us-gov-west-1, us-isob-east-1, cn-north-1, eu-central-2 ...
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+");
    private static final int REGION_MAX_LENGTH = 32;

    public SnippetOptions {
        if (profileName == null || !PROFILE_NAME.matcher(profileName).matches()) {
            throw new InvalidProfileName();
        }
        Objects.requireNonNull(region, "region: use Optional.empty() for none");
        if (region.isPresent()
                && (region.get().length() > REGION_MAX_LENGTH || !REGION.matcher(region.get()).matches())) {
            throw new InvalidRegion();
        }
    }

    /** Profile {@value #DEFAULT_PROFILE_NAME}, no region. */
    public static SnippetOptions defaults() {
        return new SnippetOptions(DEFAULT_PROFILE_NAME, Optional.empty());
    }

    /**
     * Options as they arrive from a form or a query string: a {@code null} or blank profile name means
     * {@value #DEFAULT_PROFILE_NAME}, a {@code null} or blank region means none. Other values are validated.
     */
    public static SnippetOptions of(String profileName, String region) {
        return new SnippetOptions(
                profileName == null || profileName.isBlank() ? DEFAULT_PROFILE_NAME : profileName,
                region == null || region.isBlank() ? Optional.empty() : Optional.of(region));
    }

    /** A copy with this region. */
    public SnippetOptions withRegion(String region) {
        return new SnippetOptions(profileName, Optional.of(region));
    }
}
