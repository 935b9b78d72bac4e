package org.mfaportal.credentials;

import jakarta.enterprise.context.ApplicationScoped;

import org.mfaportal.aws.StsGateway;
import org.mfaportal.credentials.keys.ShortLivedKeys;
import org.mfaportal.identity.PortalUser;
import org.mfaportal.mfa.CodeVerifier;

/**
 * Proves possession of a device by asking STS for the shortest session with the code, then dropping the
 * session. The code is used up, exactly as if the engineer had used it themselves.
 */
@ApplicationScoped
public class StsCodeVerifier implements CodeVerifier {

    private static final int SHORTEST_SESSION_SECONDS = 900;

    private final ShortLivedKeys keys;
    private final StsGateway sts;

    StsCodeVerifier(ShortLivedKeys keys, StsGateway sts) {
        this.keys = keys;
        this.sts = sts;
    }

    @Override
    public void verify(PortalUser user, String serialNumber, String code) {
        keys.withKey(user.iamUserName(),
                key -> sts.getSessionToken(key, SHORTEST_SESSION_SECONDS, serialNumber, code));
    }
}
