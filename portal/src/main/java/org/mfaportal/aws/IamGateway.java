package org.mfaportal.aws;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AssignmentStatusType;
import software.amazon.awssdk.services.iam.model.ListVirtualMfaDevicesResponse;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

/**
 * Every IAM call the portal makes. AWS errors become {@link AwsException} subclasses; list calls follow
 * IAM's markers. Calls that carry an MFA code are sent exactly once (a TOTP code is single-use).
 */
@ApplicationScoped
public class IamGateway {

    /** IAM's upper bound for {@code MaxItems}. */
    public static final int MAX_ITEMS_LIMIT = 1000;

    private final IamClient iam;
    private final IamClient iamOnce;
    private final AwsCalls calls;

    @Inject
    public IamGateway(AwsClients clients, MeterRegistry meters) {
        this.iam = clients.iam();
        this.iamOnce = clients.iamOnce();
        this.calls = new AwsCalls("iam", meters);
    }

    /** Without CDI and without metrics. */
    public IamGateway(AwsClients clients) {
        this(clients, null);
    }

    /** {@code GetUser}. @throws AwsEntityNotFound when the user does not exist. */
    public IamUser getUser(String userName) {
        Objects.requireNonNull(userName, "userName");
        return calls.call("GetUser", () -> toIamUser(iam.getUser(r -> r.userName(userName)).user()));
    }

    /** {@code ListUsers} with a path prefix, all pages. */
    public List<IamUser> listUsers(String pathPrefix) {
        return calls.call("ListUsers", () -> iam.listUsersPaginator(r -> r.pathPrefix(pathPrefix))
                .users().stream()
                .map(IamGateway::toIamUser)
                .toList());
    }

    /**
     * {@code CreateVirtualMFADevice}. The returned seed is the only copy the portal ever holds.
     *
     * @param path IAM path such as {@code /engineers/}; {@code null} for {@code /}
     * @param tags may be {@code null} or empty
     * @throws AwsEntityAlreadyExists when a device with that name exists under the path
     */
    public NewVirtualMfaDevice createVirtualMfaDevice(String path, String deviceName, Map<String, String> tags) {
        Objects.requireNonNull(deviceName, "deviceName");
        List<Tag> awsTags = tags == null ? List.of()
                : tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
        return calls.call("CreateVirtualMFADevice", () -> {
            VirtualMFADevice device = iam.createVirtualMFADevice(r -> {
                r.path(path).virtualMFADeviceName(deviceName);
                if (!awsTags.isEmpty()) {
                    r.tags(awsTags);
                }
            }).virtualMFADevice();
            // Base32StringSeed is the base32 text itself, as ASCII bytes. The QR PNG is ignored: the portal
            // renders its own from the Key URI.
            return new NewVirtualMfaDevice(device.serialNumber(), device.base32StringSeed().asUtf8String());
        });
    }

    /** {@code EnableMFADevice}, sent once. @throws InvalidMfaCode when AWS rejects the codes. */
    public void enableMfaDevice(String userName, String serialNumber, String code1, String code2) {
        calls.run("EnableMFADevice", () -> iamOnce.enableMFADevice(r -> r.userName(userName)
                .serialNumber(serialNumber).authenticationCode1(code1).authenticationCode2(code2)));
    }

    /** {@code ResyncMFADevice}, sent once. @throws InvalidMfaCode when AWS rejects the codes. */
    public void resyncMfaDevice(String userName, String serialNumber, String code1, String code2) {
        calls.run("ResyncMFADevice", () -> iamOnce.resyncMFADevice(r -> r.userName(userName)
                .serialNumber(serialNumber).authenticationCode1(code1).authenticationCode2(code2)));
    }

    /** {@code DeactivateMFADevice}. */
    public void deactivateMfaDevice(String userName, String serialNumber) {
        calls.run("DeactivateMFADevice",
                () -> iam.deactivateMFADevice(r -> r.userName(userName).serialNumber(serialNumber)));
    }

    /** {@code DeleteVirtualMFADevice}. @throws AwsDeleteConflict while the device is assigned. */
    public void deleteVirtualMfaDevice(String serialNumber) {
        calls.run("DeleteVirtualMFADevice", () -> iam.deleteVirtualMFADevice(r -> r.serialNumber(serialNumber)));
    }

    /** {@code ListMFADevices} for one user, all pages. */
    public List<MfaDevice> listMfaDevices(String userName) {
        Objects.requireNonNull(userName, "userName");
        return calls.call("ListMFADevices", () -> iam.listMFADevicesPaginator(r -> r.userName(userName))
                .mfaDevices().stream()
                .map(d -> new MfaDevice(d.serialNumber(), d.userName(), d.enableDate()))
                .toList());
    }

    /**
     * One page of {@code ListVirtualMFADevices}; {@code marker} may be {@code null}.
     *
     * @param maxItems 1 to {@value #MAX_ITEMS_LIMIT}
     */
    public VirtualMfaDevicePage listVirtualMfaDevices(AssignmentStatus status, String marker, int maxItems) {
        if (maxItems < 1 || maxItems > MAX_ITEMS_LIMIT) {
            throw new IllegalArgumentException("maxItems must be between 1 and " + MAX_ITEMS_LIMIT);
        }
        ListVirtualMfaDevicesResponse page = calls.call("ListVirtualMFADevices",
                () -> iam.listVirtualMFADevices(r -> r.assignmentStatus(toAws(status)).marker(marker).maxItems(maxItems)));
        List<VirtualMfaDevice> devices = page.virtualMFADevices().stream().map(IamGateway::toVirtualMfaDevice).toList();
        return new VirtualMfaDevicePage(devices, Boolean.TRUE.equals(page.isTruncated()) ? page.marker() : null);
    }

    /** {@code ListVirtualMFADevices}, all pages. */
    public List<VirtualMfaDevice> listAllVirtualMfaDevices(AssignmentStatus status) {
        return calls.call("ListVirtualMFADevices",
                () -> iam.listVirtualMFADevicesPaginator(r -> r.assignmentStatus(toAws(status)).maxItems(MAX_ITEMS_LIMIT))
                        .virtualMFADevices().stream()
                        .map(IamGateway::toVirtualMfaDevice)
                        .toList());
    }

    /** {@code CreateAccessKey}. @throws AwsLimitExceeded when the user already has two keys. */
    public AccessKey createAccessKey(String userName) {
        Objects.requireNonNull(userName, "userName");
        return calls.call("CreateAccessKey", () -> {
            var key = iam.createAccessKey(r -> r.userName(userName)).accessKey();
            return new AccessKey(key.userName(), key.accessKeyId(), key.secretAccessKey(), key.createDate());
        });
    }

    /** {@code DeleteAccessKey}. */
    public void deleteAccessKey(String userName, String accessKeyId) {
        Objects.requireNonNull(userName, "userName");
        calls.run("DeleteAccessKey", () -> iam.deleteAccessKey(r -> r.userName(userName).accessKeyId(accessKeyId)));
    }

    /** {@code ListAccessKeys}, all pages. */
    public List<AccessKeyMetadata> listAccessKeys(String userName) {
        Objects.requireNonNull(userName, "userName");
        return calls.call("ListAccessKeys", () -> iam.listAccessKeysPaginator(r -> r.userName(userName))
                .accessKeyMetadata().stream()
                .map(k -> new AccessKeyMetadata(k.userName(), k.accessKeyId(), k.statusAsString(), k.createDate()))
                .toList());
    }

    /** {@code PutUserPolicy} (inline policy). */
    public void putUserPolicy(String userName, String policyName, String policyDocument) {
        calls.run("PutUserPolicy", () -> iam.putUserPolicy(r -> r.userName(userName).policyName(policyName)
                .policyDocument(policyDocument)));
    }

    /** {@code DeleteUserPolicy}. */
    public void deleteUserPolicy(String userName, String policyName) {
        calls.run("DeleteUserPolicy", () -> iam.deleteUserPolicy(r -> r.userName(userName).policyName(policyName)));
    }

    private static IamUser toIamUser(User user) {
        return new IamUser(user.userName(), user.userId(), user.path(), user.arn(), user.createDate());
    }

    private static VirtualMfaDevice toVirtualMfaDevice(VirtualMFADevice device) {
        User user = device.user();
        return new VirtualMfaDevice(device.serialNumber(), user == null ? null : user.userName(),
                user == null ? null : device.enableDate());
    }

    private static AssignmentStatusType toAws(AssignmentStatus status) {
        return switch (status == null ? AssignmentStatus.ANY : status) {
            case ASSIGNED -> AssignmentStatusType.ASSIGNED;
            case UNASSIGNED -> AssignmentStatusType.UNASSIGNED;
            case ANY -> AssignmentStatusType.ANY;
        };
    }
}
