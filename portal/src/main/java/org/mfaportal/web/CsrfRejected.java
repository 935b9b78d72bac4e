package org.mfaportal.web;

/** A state-changing form arrived without the browser's CSRF token. */
public final class CsrfRejected extends Problem {

    public CsrfRejected() {
        super("The form's security token is missing or does not match", null, 403, "csrf-token-invalid",
                "This form has expired", "The form was sent without its security token, or from another site.",
                "Go back, reload the page and submit the form again.");
    }
}
