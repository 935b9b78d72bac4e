package org.mfaportal.mfa;

import org.mfaportal.identity.PortalUser;

/**
 * Proves that the engineer holds the device: IAM has no "check this code" call, so an implementation asks
 * STS for a session with the code (and throws the session away).
 */
public interface CodeVerifier {

    /** @throws org.mfaportal.aws.InvalidMfaCode when AWS rejects the code */
    void verify(PortalUser user, String serialNumber, String code);
}
