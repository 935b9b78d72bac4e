package org.mfaportal.admin;

import java.util.List;

/**
 * The outcome of an orphan cleanup.
 *
 * @param dryRun           nothing was changed; {@code orphans} is what a real run would delete
 * @param olderThanMinutes the age the devices had to exceed
 * @param orphans          the orphaned devices found
 * @param deleted          those deleted (empty on a dry run)
 * @param skipped          serial numbers found but not deleted, because they were activated or removed meanwhile
 */
public record CleanupResult(boolean dryRun, int olderThanMinutes, List<DeviceRow> orphans, List<DeviceRow> deleted,
        List<String> skipped) {
}
