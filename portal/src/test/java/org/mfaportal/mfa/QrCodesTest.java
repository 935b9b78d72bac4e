package org.mfaportal.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.mfaportal.testing.QrImages;

/** The QR codes an engineer scans: they must decode to the Key URI, with a quiet zone, at the requested scale. */
class QrCodesTest {

    private static final String URI = KeyUri.totp("AWS example-production", "engineer.name@example-production",
            "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");

    @Test
    void thePngDecodesToTheKeyUriAtEightPixelsPerModule() throws IOException {
        byte[] png = QrCodes.png(URI, 8);

        assertThat(QrImages.decodePng(png)).isEqualTo(URI);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(image.getHeight()).isEqualTo(modules() * 8);
        assertThat(image.getColorModel().getPixelSize()).as("a 1-bit image").isEqualTo(1);
        int white = 0xFFFFFFFF;
        int black = 0xFF000000;
        assertThat(image.getRGB(0, 0)).as("quiet zone").isEqualTo(white);
        assertThat(image.getRGB(4 * 8 - 1, 4 * 8 - 1)).as("last quiet-zone pixel").isEqualTo(white);
        assertThat(image.getRGB(4 * 8, 4 * 8)).as("top-left finder pattern").isEqualTo(black);
        assertThat(image.getRGB(4 * 8 + 7, 4 * 8 + 7)).as("the whole module is dark").isEqualTo(black);
        assertThat(image.getRGB(5 * 8, 5 * 8)).as("the finder's light ring").isEqualTo(white);
    }

    @Test
    void thePngIsWellFormedChunkByChunk() {
        byte[] png = QrCodes.png(URI, 3);
        ByteBuffer in = ByteBuffer.wrap(png);
        byte[] signature = new byte[8];
        in.get(signature);
        assertThat(signature).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        List<String> types = new ArrayList<>();
        while (in.hasRemaining()) {
            int length = in.getInt();
            byte[] typeAndData = new byte[4 + length];
            in.get(typeAndData);
            CRC32 crc = new CRC32();
            crc.update(typeAndData);
            String type = new String(typeAndData, 0, 4, StandardCharsets.US_ASCII);
            assertThat(in.getInt()).as("CRC of " + type).isEqualTo((int) crc.getValue());
            types.add(type);
            if (type.equals("IHDR")) {
                ByteBuffer header = ByteBuffer.wrap(typeAndData, 4, length);
                assertThat(header.getInt()).isEqualTo(modules() * 3);
                assertThat(header.getInt()).isEqualTo(modules() * 3);
                assertThat(header.get()).as("bit depth").isEqualTo((byte) 1);
                assertThat(header.get()).as("grayscale").isZero();
            }
        }
        assertThat(types).containsExactly("IHDR", "IDAT", "IEND");
        assertThat(QrImages.decodePng(png)).isEqualTo(URI);
    }

    @Test
    void theSvgDecodesToTheKeyUriAndEscapesItsTitle() {
        String svg = QrCodes.svg(URI, "Scan <this> & \"that\"");

        assertThat(QrImages.decodeSvg(svg)).isEqualTo(URI);
        assertThat(svg).contains("viewBox=\"0 0 " + modules() + " " + modules() + "\"")
                .contains("<title>Scan &lt;this&gt; &amp; &quot;that&quot;</title>").doesNotContain("<this>");
    }

    /** Modules of the symbol plus the quiet zone, read from the SVG's view box. */
    private static int modules() {
        String svg = QrCodes.svg(URI, "t");
        String box = svg.substring(svg.indexOf("viewBox=\"0 0 ") + 13);
        return Integer.parseInt(box.substring(0, box.indexOf(' ')));
    }
}
