package org.mfaportal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.iam.model.AssignmentStatusType;
import software.amazon.awssdk.services.iam.model.ListVirtualMfaDevicesResponse;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

/** Generated users for scale tests: 10,000 users, most with a device, listed page by page. */
class ScaleTest {

    private EmulatorFixture aws;

    @BeforeEach
    void start() {
        aws = new EmulatorFixture(EmulatorSettings.defaults().withGeneratedUsers(
                new EmulatorSettings.GeneratedUsers(10_000, "/generated/", 0.9, 25)));
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void tenThousandUsersAndTheirDevicesPageThroughQuickly() {
        long started = System.nanoTime();
        int assigned = 0;
        int pages = 0;
        String marker = null;
        VirtualMFADevice sample = null;
        do {
            String current = marker;
            ListVirtualMfaDevicesResponse page = aws.iam.listVirtualMFADevices(b -> b
                    .assignmentStatus(AssignmentStatusType.ASSIGNED).maxItems(1000).marker(current));
            assigned += page.virtualMFADevices().size();
            sample = page.virtualMFADevices().isEmpty() ? sample : page.virtualMFADevices().get(0);
            marker = page.isTruncated() ? page.marker() : null;
            pages++;
        } while (marker != null);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(assigned).isBetween(8_800, 9_200);
        assertThat(pages).isEqualTo((assigned + 999) / 1000);
        assertThat(aws.iam.listVirtualMFADevices(b -> b.assignmentStatus(AssignmentStatusType.UNASSIGNED))
                .virtualMFADevices()).hasSize(25);
        assertThat(aws.iam.listUsers(b -> b.pathPrefix("/generated/").maxItems(1000)).isTruncated()).isTrue();
        assertThat(elapsedMillis).as("listing 10,000 devices").isLessThan(Duration.ofSeconds(20).toMillis());
        // generated devices work like real ones: the in-process hook gives a test the seed
        String seed = aws.emulator.seedOf(sample.serialNumber()).orElseThrow();
        String user = sample.user().userName();
        aws.emulator.advanceClock(Duration.ofSeconds(30));
        var key = aws.accessKey(user);
        String serial = sample.serialNumber();
        assertThat(aws.sts(key).getSessionToken(b -> b.serialNumber(serial).tokenCode(aws.code(seed)))
                .credentials().accessKeyId()).startsWith("ASIA");
    }
}
