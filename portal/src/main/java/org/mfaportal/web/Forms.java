package org.mfaportal.web;

import java.util.function.Function;

import jakarta.ws.rs.core.Response;

/**
 * Forms that come back with the problem next to them: a failure the person can act on (a 4xx, or AWS being busy)
 * re-renders the form with its {@link Problem}, answering with the problem's status; any other failure goes on to
 * the error page.
 */
public final class Forms {

    private Forms() {
    }

    /** The problem to show next to the form, or the failure itself rethrown for the error page. */
    private static Problem problemOf(RuntimeException e) {
        Problem problem = FrameworkProblem.of(e);
        if (problem == null || !problem.isClientError() && problem.status() != 503) {
            throw e;
        }
        return problem;
    }

    /**
     * The form rendered again with the failure next to it, answering with the failure's status; rethrows a failure
     * the person cannot fix, for the error page.
     */
    public static Response.ResponseBuilder rerender(RuntimeException e, Function<Problem, Object> page) {
        Problem problem = problemOf(e);
        return Response.status(problem.status()).entity(page.apply(problem));
    }
}
