package org.mfaportal.coderequests;

import java.time.Duration;

import org.mfaportal.web.Problem;

/** What can go wrong with a code request. */
public final class CodeRequestProblems {

    private CodeRequestProblems() {
    }

    /** No such request for this person: missing, another person's, or the poll secret is wrong (all look alike). */
    public static final class CodeRequestNotFound extends Problem {
        public CodeRequestNotFound() {
            super(404, "code-request-not-found", "No such code request",
                    "There is no code request with this address for you.",
                    "Run the command again on your machine; it opens a new request.");
        }
    }

    /** The request can no longer be answered or collected: expired, refused or already used. */
    public static final class CodeRequestClosed extends Problem {
        public CodeRequestClosed(String code, String title, String detail) {
            super(410, code, title, detail, "Run the command again on your machine; it opens a new request.");
        }

        static CodeRequestClosed expired() {
            return new CodeRequestClosed("code-request-expired", "Code request expired",
                    "Nobody typed a code before the request expired.");
        }

        static CodeRequestClosed refused() {
            return new CodeRequestClosed("code-request-refused", "Code request refused",
                    "You refused this request in the portal.");
        }

        static CodeRequestClosed used() {
            return new CodeRequestClosed("code-request-used", "Code request already used",
                    "This request was answered and its credentials handed over already; a request works once.");
        }
    }

    /** Too many unanswered requests of one person. */
    public static final class TooManyCodeRequests extends Problem {
        private final Duration retryAfter;

        public TooManyCodeRequests(Duration retryAfter) {
            super(429, "too-many-code-requests", "Too many code requests",
                    "You have too many code requests waiting for a code.",
                    "Answer or refuse the ones open in your browser, or wait until they expire.");
            this.retryAfter = retryAfter;
        }

        @Override
        public Duration retryAfter() {
            return retryAfter;
        }
    }
}
