package org.mfaportal.identity;

import jakarta.enterprise.context.ApplicationScoped;

import org.mfaportal.aws.IamGateway;
import org.mfaportal.aws.IamUser;

import io.quarkus.cache.CacheResult;

/** IAM user look-ups for sign-in, cached briefly so a page view does not cost an IAM call. */
@ApplicationScoped
public class IamUserDirectory {

    public static final String CACHE = "iam-users";

    private final IamGateway iam;

    IamUserDirectory(IamGateway iam) {
        this.iam = iam;
    }

    /** {@code GetUser}; only successful look-ups are cached. @throws org.mfaportal.aws.AwsEntityNotFound */
    @CacheResult(cacheName = CACHE)
    public IamUser find(String userName) {
        return iam.getUser(userName);
    }
}
