package org.mfaportal.admin;

import java.util.List;

/**
 * One page of the devices overview.
 *
 * @param devices    the rows, in IAM's order
 * @param nextMarker opaque marker of the next page ({@code marker=}); {@code null} on the last page
 */
public record DevicePage(List<DeviceRow> devices, String nextMarker) {
}
