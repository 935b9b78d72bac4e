package org.mfaportal.web;

/** A state-changing form arrived without the browser's CSRF token. */
public final class CsrfRejected extends RuntimeException {

    public CsrfRejected() {
        super("The form's security token is missing or does not match", null, false, false);
    }
}
