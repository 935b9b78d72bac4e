package org.mfaportal.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mfaportal.aws.VirtualMfaDevice;
import org.mfaportal.web.InvalidInput;

class ResumeMarkerTest {

    private static List<VirtualMfaDevice> devices(String... serials) {
        return Arrays.stream(serials).map(s -> new VirtualMfaDevice(s, null, null)).toList();
    }

    @Test
    void roundTripsThroughAnUrlSafeText() {
        ResumeMarker marker = new ResumeMarker("iam+marker/==", "arn:aws:iam::1:mfa/engineers/a/a", 17);
        String encoded = marker.encode();
        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(ResumeMarker.decode(encoded)).isEqualTo(marker);
        assertThat(ResumeMarker.decode(new ResumeMarker(null, "x", 0).encode()).iamMarker()).isNull();
    }

    @Test
    void noMarkerMeansTheFirstPage() {
        assertThat(ResumeMarker.decode(null)).isNull();
        assertThat(ResumeMarker.decode(" ")).isNull();
    }

    @Test
    void foreignMarkersAreRefusedAsInvalidInput() {
        for (String bad : new String[] { "not base64 !", "aGVsbG8", "ZDEKLTEKeAo" }) {
            assertThatThrownBy(() -> ResumeMarker.decode(bad)).as(bad).isInstanceOf(InvalidInput.class)
                    .satisfies(e -> assertThat(((InvalidInput) e).fieldErrors()).containsKey("marker"));
        }
    }

    @Test
    void resumesAtTheRecordedDeviceOrTheFirstAfterItWhenItWasDeleted() {
        List<VirtualMfaDevice> page = devices("a", "b", "d", "e");
        assertThat(new ResumeMarker(null, "d", 2).startIn(page)).isEqualTo(2);
        assertThat(new ResumeMarker(null, "c", 3).startIn(page)).as("c deleted: start at d").isEqualTo(2);
        assertThat(new ResumeMarker(null, "z", 1).startIn(page)).isEqualTo(4);
        assertThat(new ResumeMarker(null, "", 0).startIn(page)).isZero();
        assertThat(new ResumeMarker(null, "c", 3).startIn(devices("e", "a", "b"))).as("unsorted: by position")
                .isEqualTo(3);
    }
}
