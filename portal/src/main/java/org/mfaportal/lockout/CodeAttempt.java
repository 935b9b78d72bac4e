package org.mfaportal.lockout;

import java.util.Optional;

/**
 * One code on its way to AWS, with its place in the person's wrong-code count already taken (see
 * {@link LockoutService#begin(String)}). Report exactly one outcome: {@link #failed()} when AWS refused the code,
 * {@link #succeeded()} when it accepted it; closing an attempt without an outcome (AWS unreachable, a bug) gives
 * its place back. Use it in try-with-resources.
 */
public final class CodeAttempt implements AutoCloseable {

    private final LockoutService lockout;
    private final String userName;
    private final long id;
    private boolean finished;

    CodeAttempt(LockoutService lockout, String userName, long id) {
        this.lockout = lockout;
        this.userName = userName;
        this.id = id;
    }

    /** The IAM user whose count this attempt belongs to. */
    public String userName() {
        return userName;
    }

    /**
     * The code was wrong: the attempt stays in the count as a failure.
     *
     * @return the lockout this failure started, if it started one
     */
    public Optional<LockedOut> failed() {
        finish();
        return lockout.fail(userName, id);
    }

    /** The code was right: the person's count starts again from zero. */
    public void succeeded() {
        finish();
        lockout.succeed(userName, id);
    }

    /** Gives the attempt's place back unless an outcome was reported. */
    @Override
    public void close() {
        if (!finished) {
            finished = true;
            lockout.release(id);
        }
    }

    private void finish() {
        if (finished) {
            throw new IllegalStateException("The outcome of this code attempt was reported already");
        }
        finished = true;
    }
}
