package org.mfaportal.emulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.mfaportal.emulator.EmulatorState.UserKey;
import org.mfaportal.emulator.EmulatorState.Device;
import org.mfaportal.emulator.EmulatorState.DeviceSnapshot;
import org.mfaportal.emulator.EmulatorState.Page;
import org.mfaportal.emulator.EmulatorState.User;

/** The IAM actions the portal uses, with AWS's parameter rules and response shapes. */
final class IamActions {

    static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
    static final String VERSION = "2010-05-08";

    static final Set<String> ACTIONS = Set.of("CreateUser", "GetUser", "ListUsers", "CreateVirtualMFADevice",
            "EnableMFADevice", "ResyncMFADevice", "DeactivateMFADevice", "DeleteVirtualMFADevice",
            "ListVirtualMFADevices", "ListMFADevices", "ListMFADeviceTags", "CreateAccessKey", "DeleteAccessKey",
            "ListAccessKeys", "PutUserPolicy", "GetUserPolicy", "DeleteUserPolicy", "ListUserPolicies");

    private static final Pattern CODE = Pattern.compile("[\\d]+");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[\\w]+");
    private static final Pattern POLICY_DOCUMENT = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");

    private final AwsEmulator emulator;

    IamActions(AwsEmulator emulator) {
        this.emulator = emulator;
    }

    /** Runs an action; returns the content of its {@code <ActionResult>}, or {@code null} for none. */
    String handle(String action, QueryParams p, Caller caller, Instant now) {
        if (caller.kind() != Caller.Kind.PORTAL) {
            // the emulator models no IAM permissions for users: only the portal principal administers IAM
            throw AwsError.accessDenied("User: " + caller.arn(emulator.accountId())
                    + " is not authorized to perform: iam:" + action + " because no identity-based policy allows the "
                    + "iam:" + action + " action");
        }
        EmulatorState state = emulator.state();
        return switch (action) {
            case "CreateUser" -> createUser(p, state, now);
            case "GetUser" -> getUser(p, state);
            case "ListUsers" -> listUsers(p, state);
            case "CreateVirtualMFADevice" -> createVirtualMfaDevice(p, state, now);
            case "EnableMFADevice" -> {
                state.enableDevice(userName(p), serial(p), code(p, "AuthenticationCode1"),
                        code(p, "AuthenticationCode2"), now);
                yield null;
            }
            case "ResyncMFADevice" -> {
                state.resyncDevice(userName(p), serial(p), code(p, "AuthenticationCode1"),
                        code(p, "AuthenticationCode2"), now);
                yield null;
            }
            case "DeactivateMFADevice" -> {
                state.deactivateDevice(userName(p), serial(p));
                yield null;
            }
            case "DeleteVirtualMFADevice" -> {
                state.deleteDevice(serial(p));
                yield null;
            }
            case "ListVirtualMFADevices" -> listVirtualMfaDevices(p, state);
            case "ListMFADevices" -> listMfaDevices(p, state);
            case "ListMFADeviceTags" -> listMfaDeviceTags(p, state);
            case "CreateAccessKey" -> createAccessKey(p, state, now);
            case "DeleteAccessKey" -> {
                state.deleteAccessKey(userName(p), p.required("AccessKeyId", 16, 128, ACCESS_KEY_ID));
                yield null;
            }
            case "ListAccessKeys" -> listAccessKeys(p, state);
            case "PutUserPolicy" -> {
                state.putUserPolicy(userName(p), policyName(p),
                        p.required("PolicyDocument", 1, 131072, POLICY_DOCUMENT));
                yield null;
            }
            case "GetUserPolicy" -> getUserPolicy(p, state);
            case "DeleteUserPolicy" -> {
                state.deleteUserPolicy(userName(p), policyName(p));
                yield null;
            }
            case "ListUserPolicies" -> listUserPolicies(p, state);
            default -> throw AwsError.invalidAction(action);
        };
    }

    // ------------------------------------------------------------------ users

    private String createUser(QueryParams p, EmulatorState state, Instant now) {
        String path = p.optional("Path", 1, 512, QueryParams.PATH);
        User user = state.createUser(userName(p), path == null ? "/" : path, now);
        return user(new Xml(), "User", user).toString();
    }

    private String getUser(QueryParams p, EmulatorState state) {
        String name = p.optional("UserName", 1, 128, QueryParams.NAME);
        if (name == null) {
            throw AwsError.validation("Must specify userName when calling with non-User credentials");
        }
        return user(new Xml(), "User", state.user(name)).toString();
    }

    private String listUsers(QueryParams p, EmulatorState state) {
        String prefix = p.optional("PathPrefix", 1, 512, Pattern.compile("\\u002F[\\u0021-\\u007F]*"));
        Page<User> page = state.listUsers(prefix, marker(p), maxItems(p));
        Xml xml = new Xml().open("Users");
        for (User user : page.items()) {
            user(xml, "member", user);
        }
        return paging(xml.close("Users"), page).toString();
    }

    // ------------------------------------------------------------------ MFA devices

    private String createVirtualMfaDevice(QueryParams p, EmulatorState state, Instant now) {
        String path = p.optional("Path", 1, 512, QueryParams.PATH);
        String name = p.required("VirtualMFADeviceName", 1, 226, QueryParams.NAME);
        List<Map.Entry<String, String>> tags = p.tags();
        byte[] seed = state.newSeed();
        Device device = state.createDevice(path == null ? "/" : path, name, tags, seed, now);
        String base32 = Base32.encode(seed);
        byte[] png = DeviceQrCode.png(DeviceQrCode.keyUri(name, emulator.accountId(), base32));
        Base64.Encoder base64 = Base64.getEncoder();
        Xml xml = new Xml().open("VirtualMFADevice")
                .leaf("SerialNumber", device.serial)
                // blobs travel base64-encoded: the seed is base64 of its Base32 text, as AWS sends it
                .leaf("Base32StringSeed", base64.encodeToString(base32.getBytes(StandardCharsets.US_ASCII)))
                .leaf("QRCodePNG", base64.encodeToString(png));
        tags(xml, device.tags);
        return xml.close("VirtualMFADevice").toString();
    }

    private String listVirtualMfaDevices(QueryParams p, EmulatorState state) {
        String status = p.raw("AssignmentStatus");
        if (status == null) {
            status = "Any";
        } else if (!Set.of("Assigned", "Unassigned", "Any").contains(status)) {
            throw AwsError.validation("1 validation error detected: Value '" + status + "' at 'assignmentStatus' "
                    + "failed to satisfy constraint: Member must satisfy enum value set: [Unassigned, Any, Assigned]");
        }
        Page<DeviceSnapshot> page = state.listVirtualDevices(status, marker(p), maxItems(p));
        Xml xml = new Xml().open("VirtualMFADevices");
        for (DeviceSnapshot device : page.items()) {
            xml.open("member").leaf("SerialNumber", device.serial());
            if (device.user() != null) {
                user(xml, "User", device.user()).leaf("EnableDate", device.enabled());
            }
            tags(xml, device.tags());
            xml.close("member");
        }
        return paging(xml.close("VirtualMFADevices"), page).toString();
    }

    private String listMfaDevices(QueryParams p, EmulatorState state) {
        String name = p.optional("UserName", 1, 128, QueryParams.NAME);
        if (name == null) {
            throw AwsError.validation("Must specify userName when calling with non-User credentials");
        }
        Page<DeviceSnapshot> page = state.listMfaDevices(name, marker(p), maxItems(p));
        Xml xml = new Xml().open("MFADevices");
        for (DeviceSnapshot device : page.items()) {
            xml.open("member").leaf("UserName", device.user().name).leaf("SerialNumber", device.serial())
                    .leaf("EnableDate", device.enabled()).close("member");
        }
        return paging(xml.close("MFADevices"), page).toString();
    }

    private String listMfaDeviceTags(QueryParams p, EmulatorState state) {
        Device device = state.device(serial(p));
        Xml xml = new Xml().open("Tags");
        for (Map.Entry<String, String> tag : device.tags) {
            xml.open("member").leaf("Key", tag.getKey()).leaf("Value", tag.getValue()).close("member");
        }
        return xml.close("Tags").leaf("IsTruncated", false).toString();
    }

    // ------------------------------------------------------------------ access keys

    private String createAccessKey(QueryParams p, EmulatorState state, Instant now) {
        UserKey key = state.createAccessKey(userName(p), now, emulator.drawPropagationDelay());
        return new Xml().open("AccessKey").leaf("UserName", key.user().name).leaf("AccessKeyId", key.id())
                .leaf("Status", "Active").leaf("SecretAccessKey", key.secret()).leaf("CreateDate", key.created())
                .close("AccessKey").toString();
    }

    private String listAccessKeys(QueryParams p, EmulatorState state) {
        Xml xml = new Xml().open("AccessKeyMetadata");
        for (UserKey key : state.accessKeys(userName(p))) {
            xml.open("member").leaf("UserName", key.user().name).leaf("AccessKeyId", key.id())
                    .leaf("Status", "Active").leaf("CreateDate", key.created()).close("member");
        }
        return xml.close("AccessKeyMetadata").leaf("IsTruncated", false).toString();
    }

    // ------------------------------------------------------------------ inline policies

    private String getUserPolicy(QueryParams p, EmulatorState state) {
        String userName = userName(p);
        String policyName = policyName(p);
        String document = state.userPolicy(userName, policyName);
        // IAM returns policy documents URL-encoded (RFC 3986); the SDKs do not decode them
        String encoded = URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
        return new Xml().leaf("UserName", state.user(userName).name).leaf("PolicyName", policyName)
                .leaf("PolicyDocument", encoded).toString();
    }

    private String listUserPolicies(QueryParams p, EmulatorState state) {
        Page<String> page = state.listUserPolicies(userName(p), marker(p), maxItems(p));
        Xml xml = new Xml().open("PolicyNames");
        page.items().forEach(name -> xml.leaf("member", name));
        return paging(xml.close("PolicyNames"), page).toString();
    }

    // ------------------------------------------------------------------ shared

    private static String userName(QueryParams p) {
        return p.required("UserName", 1, 128, QueryParams.NAME);
    }

    private static String policyName(QueryParams p) {
        return p.required("PolicyName", 1, 128, QueryParams.NAME);
    }

    private static String serial(QueryParams p) {
        return p.required("SerialNumber", 9, 256, QueryParams.SERIAL);
    }

    private static String code(QueryParams p, String name) {
        return p.requiredSecret(name, 6, 6, CODE);
    }

    private static String marker(QueryParams p) {
        return p.optional("Marker", 1, 320, QueryParams.MARKER);
    }

    private static int maxItems(QueryParams p) {
        return p.integer("MaxItems", 1, 1000, 100);
    }

    static Xml user(Xml xml, String element, User user) {
        return xml.open(element).leaf("Path", user.path).leaf("UserName", user.name).leaf("UserId", user.id)
                .leaf("Arn", user.arn).leaf("CreateDate", user.created).close(element);
    }

    private static void tags(Xml xml, List<Map.Entry<String, String>> tags) {
        if (tags.isEmpty()) {
            return;
        }
        xml.open("Tags");
        for (Map.Entry<String, String> tag : tags) {
            xml.open("member").leaf("Key", tag.getKey()).leaf("Value", tag.getValue()).close("member");
        }
        xml.close("Tags");
    }

    private static Xml paging(Xml xml, Page<?> page) {
        return xml.leaf("IsTruncated", page.truncated()).leaf("Marker", page.nextMarker());
    }
}
