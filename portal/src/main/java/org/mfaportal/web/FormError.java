package org.mfaportal.web;

import java.util.Map;
import java.util.function.Function;

import jakarta.ws.rs.core.Response;

/** A failure shown next to a form that the person can correct and resubmit. */
public record FormError(String title, String detail, String advice, Map<String, String> fields) {

    /**
     * The form error for a failure the person can act on, or the failure itself rethrown for the error page.
     */
    public static FormError of(RuntimeException e) {
        Answer answer = Answer.of(e, null);
        if (answer == null || !answer.isClientError() && answer.status() != 503) {
            throw e;
        }
        return new FormError(answer.title(), answer.detail(), answer.advice(), answer.errors());
    }

    /**
     * The form rendered again with the failure next to it, answering with the failure's status; rethrows a failure
     * the person cannot fix, for the error page.
     */
    public static Response.ResponseBuilder rerender(RuntimeException e, Function<FormError, Object> page) {
        FormError error = of(e);
        return Response.status(status(e)).entity(page.apply(error));
    }

    /** The status the re-rendered form answers with. */
    public static int status(RuntimeException e) {
        Answer answer = Answer.of(e, null);
        return answer == null ? 500 : answer.status();
    }

    public String field(String name) {
        return fields.get(name);
    }
}
