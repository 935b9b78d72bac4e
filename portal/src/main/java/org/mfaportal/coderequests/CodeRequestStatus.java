package org.mfaportal.coderequests;

/** Where a code request stands. Expiry is not a status: it is read from {@code expiresAt}. */
public enum CodeRequestStatus {
    /** Waiting for the engineer's code. */
    PENDING,
    /** Answered: the credentials wait, sealed, for the helper's next poll. */
    ANSWERED,
    /** The helper took the credentials; they are deleted. */
    DELIVERED,
    /** The engineer refused it. */
    REFUSED
}
