package org.mfaportal.aws;

import java.util.List;

/** One page of {@code ListVirtualMFADevices}; {@code nextMarker} is {@code null} on the last page. */
public record VirtualMfaDevicePage(List<VirtualMfaDevice> devices, String nextMarker) {
}
