package org.mfaportal.coderequests;

import java.time.Instant;

/**
 * A helper's request for a code typed in the browser, as the engineer sees it: which machine and command asked, for
 * what credentials, until when, and the device the code is expected from ({@code serialNumber}, {@code null} for the
 * one the engineer used last). Holds no secret.
 */
public record CodeRequest(String id, String userName, String subject, String machine, String command, String roleArn,
        Integer durationSeconds, String format, String region, String profileName, CodeRequestStatus status,
        Instant createdAt, Instant expiresAt, String serialNumber) {

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public boolean isOpen(Instant now) {
        return status == CodeRequestStatus.PENDING && !isExpired(now);
    }

    /** Whole minutes and seconds left, for the page. */
    public long secondsLeft(Instant now) {
        return Math.max(0, expiresAt.getEpochSecond() - now.getEpochSecond());
    }
}
