package org.mfaportal.mfa;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.mfaportal.audit.AuditAction;
import org.mfaportal.audit.AuditOutcome;
import org.mfaportal.audit.AuditService;
import org.mfaportal.aws.AwsException;
import org.mfaportal.aws.InvalidMfaCode;
import org.mfaportal.identity.CurrentUser;
import org.mfaportal.lockout.CodeAttempt;
import org.mfaportal.lockout.LockedOut;
import org.mfaportal.lockout.LockoutService;

/**
 * The one place every operation that carries an MFA code goes through: activate, resync, remove (and its proof
 * with another device), credentials. It checks the person's lockout, makes the one AWS call that carries the code,
 * counts a wrong code (lockout is per person, across all their devices), remembers the device as the one last
 * used when the code was right, and writes the outcome to the audit trail. No caller handles a code's failure
 * itself.
 */
@ApplicationScoped
public class CodeGuard {

    private final LockoutService lockout;
    private final AuditService audit;
    private final DeviceRegistry devices;

    CodeGuard(LockoutService lockout, AuditService audit, DeviceRegistry devices) {
        this.lockout = lockout;
        this.audit = audit;
        this.devices = devices;
    }

    /**
     * Runs {@code call}, the one AWS call carrying a code from {@code device}, for the engineer {@code userName}.
     *
     * @param what          what is being done, for the audit trail (never a secret)
     * @param successDetail the audit detail on success, from the call's result; {@code null} when the caller audits
     *                      the completed operation itself (a removal audits the removal, not the proof)
     * @throws LockedOut      when the person is locked out, or this wrong code started a lockout
     * @throws MfaProblems.WrongCode when AWS refused the code (counted)
     * @throws RuntimeException whatever else the call threw, audited as a failure
     */
    public <T> T check(CurrentUser actor, String userName, AuditAction action, DeviceView device, String what,
            Supplier<T> call, Function<T, String> successDetail) {
        CodeAttempt attempt;
        try {
            // the lockout check and the count are one step, shared by every replica (LockoutService.begin)
            attempt = lockout.begin(userName);
        } catch (LockedOut e) {
            audit.record(actor, userName, action, AuditOutcome.LOCKED_OUT, what, null);
            throw e;
        }
        T result;
        try (attempt) {
            try {
                result = call.get();
            } catch (InvalidMfaCode e) {
                Optional<LockedOut> lockedOut = attempt.failed();
                audit.record(actor, userName, action, AuditOutcome.REJECTED,
                        what + " mfa-code-invalid" + (lockedOut.isPresent() ? " locked-out" : ""), null);
                if (lockedOut.isPresent()) {
                    throw lockedOut.get();
                }
                throw new MfaProblems.WrongCode(device);
            } catch (RuntimeException e) {
                // AWS unreachable, a conflict, a bug: the code was not judged, so the attempt gives its place back
                audit.record(actor, userName, action, AuditOutcome.FAILED, what + " " + describe(e), null);
                throw e;
            }
            attempt.succeeded();
        }
        devices.recordUse(userName, device.serialNumber());
        if (successDetail != null) {
            audit.record(actor, userName, action, AuditOutcome.SUCCESS, successDetail.apply(result), null);
        }
        return result;
    }

    private static String describe(RuntimeException e) {
        if (e instanceof AwsException aws) {
            return String.valueOf(aws.awsErrorCode());
        }
        return e instanceof org.mfaportal.web.Problem p ? p.code() : e.getClass().getSimpleName();
    }
}
