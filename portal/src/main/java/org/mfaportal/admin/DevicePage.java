package org.mfaportal.admin;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of the devices overview.
 *
 * @param devices    the rows, in IAM's order
 * @param nextMarker opaque marker of the next page ({@code marker=}); {@code null} on the last page
 */
public record DevicePage(List<DeviceRow> devices,
        @Schema(nullable = true, description = "Pass as `marker` for the next page; null on the last page")
        String nextMarker) {
}
