package org.mfaportal.admin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.mfaportal.aws.VirtualMfaDevice;
import org.mfaportal.web.InvalidInput;

/**
 * Where the next page of the devices overview starts: the IAM marker of the IAM page holding its first row, and
 * that row (by serial number, with its position as a fallback). A page of the overview is 50 filtered rows, an IAM
 * page up to 1,000 unfiltered devices, so a page usually ends inside an IAM page. Opaque to clients (Base64url);
 * it carries nothing secret, so it may sit in a URL.
 */
record ResumeMarker(String iamMarker, String startSerial, int startIndex) {

    private static final String VERSION = "d1";

    String encode() {
        String text = VERSION + "\n" + startIndex + "\n" + startSerial + "\n" + (iamMarker == null ? "" : iamMarker);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws InvalidInput for a marker this class did not make */
    static ResumeMarker decode(String marker) {
        if (marker == null || marker.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8).split("\n", 4);
            if (parts.length != 4 || !parts[0].equals(VERSION)) {
                throw new IllegalArgumentException("unknown marker");
            }
            int index = Integer.parseInt(parts[1]);
            if (index < 0) {
                throw new IllegalArgumentException("negative index");
            }
            return new ResumeMarker(parts[3].isEmpty() ? null : parts[3], parts[2], index);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(Map.of("marker", "This page link is not valid; start again from the first page."));
        }
    }

    /**
     * The position of the first row in the IAM page fetched with {@link #iamMarker()}. If that device was deleted
     * meanwhile, the first one after it (IAM lists devices sorted by serial number), else the recorded position.
     */
    int startIn(List<VirtualMfaDevice> devices) {
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i).serialNumber().equals(startSerial)) {
                return i;
            }
        }
        boolean sorted = true;
        for (int i = 1; i < devices.size() && sorted; i++) {
            sorted = devices.get(i - 1).serialNumber().compareTo(devices.get(i).serialNumber()) < 0;
        }
        if (sorted) {
            for (int i = 0; i < devices.size(); i++) {
                if (devices.get(i).serialNumber().compareTo(startSerial) > 0) {
                    return i;
                }
            }
            return devices.size();
        }
        return Math.min(startIndex, devices.size());
    }
}
