package org.mfaportal.aws;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every IAM call the portal makes. AWS errors become {@link AwsException} subclasses; list calls follow
 * IAM's markers. Calls that carry an MFA code are sent exactly once (a TOTP code is single-use).
 */
@ApplicationScoped
public class IamGateway {

    /** {@code GetUser}. @throws AwsEntityNotFound when the user does not exist. */
    public IamUser getUser(String userName) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code ListUsers} with a path prefix, all pages. */
    public List<IamUser> listUsers(String pathPrefix) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * {@code CreateVirtualMFADevice}. The returned seed is the only copy the portal ever holds.
     *
     * @throws AwsEntityAlreadyExists when a device with that name exists under the path
     */
    public NewVirtualMfaDevice createVirtualMfaDevice(String path, String deviceName, Map<String, String> tags) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code EnableMFADevice}, sent once. @throws InvalidMfaCode when AWS rejects the codes. */
    public void enableMfaDevice(String userName, String serialNumber, String code1, String code2) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code ResyncMFADevice}, sent once. @throws InvalidMfaCode when AWS rejects the codes. */
    public void resyncMfaDevice(String userName, String serialNumber, String code1, String code2) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code DeactivateMFADevice}. */
    public void deactivateMfaDevice(String userName, String serialNumber) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code DeleteVirtualMFADevice}. @throws AwsDeleteConflict while the device is assigned. */
    public void deleteVirtualMfaDevice(String serialNumber) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code ListMFADevices} for one user, all pages. */
    public List<MfaDevice> listMfaDevices(String userName) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** One page of {@code ListVirtualMFADevices}; {@code marker} may be {@code null}. */
    public VirtualMfaDevicePage listVirtualMfaDevices(AssignmentStatus status, String marker, int maxItems) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code ListVirtualMFADevices}, all pages. */
    public List<VirtualMfaDevice> listAllVirtualMfaDevices(AssignmentStatus status) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code CreateAccessKey}. @throws AwsLimitExceeded when the user already has two keys. */
    public AccessKey createAccessKey(String userName) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code DeleteAccessKey}. */
    public void deleteAccessKey(String userName, String accessKeyId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code ListAccessKeys}, all pages. */
    public List<AccessKeyMetadata> listAccessKeys(String userName) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code PutUserPolicy} (inline policy). */
    public void putUserPolicy(String userName, String policyName, String policyDocument) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code DeleteUserPolicy}. */
    public void deleteUserPolicy(String userName, String policyName) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
