package org.mfaportal.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/** Decodes QR codes the way a phone would: from pixels, with ZXing. */
public final class QrImages {

    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
    private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-\\d+z");

    private QrImages() {
    }

    public static String decodePng(byte[] png) {
        try {
            return decode(ImageIO.read(new ByteArrayInputStream(png)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rasterizes the portal's SVG (one unit per module, runs of dark modules) at 6 px per module and decodes it. */
    public static String decodeSvg(String svg) {
        Matcher box = VIEW_BOX.matcher(svg);
        if (!box.find()) {
            throw new IllegalArgumentException("Not a QR SVG");
        }
        int size = Integer.parseInt(box.group(1));
        int scale = 6;
        BufferedImage image = new BufferedImage(size * scale, size * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, 0xFFFFFF);
            }
        }
        Matcher run = RUN.matcher(svg);
        while (run.find()) {
            int x0 = Integer.parseInt(run.group(1));
            int y0 = Integer.parseInt(run.group(2));
            int width = Integer.parseInt(run.group(3));
            for (int y = y0 * scale; y < (y0 + 1) * scale; y++) {
                for (int x = x0 * scale; x < (x0 + width) * scale; x++) {
                    image.setRGB(x, y, 0x000000);
                }
            }
        }
        return decode(image);
    }

    public static String decode(BufferedImage image) {
        LuminanceSource source = new BufferedImageLuminanceSource(image);
        try {
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                    Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        } catch (NotFoundException | com.google.zxing.ChecksumException | com.google.zxing.FormatException e) {
            // ZXing's finder-pattern search misreads a few perfectly clean, computer-drawn codes (it depends on the
            // seed in the URI); the image is then read as what it is: a pure barcode, modules on a grid.
            try {
                return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                        Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
            } catch (NotFoundException | com.google.zxing.ChecksumException | com.google.zxing.FormatException again) {
                again.addSuppressed(e);
                throw new IllegalStateException("No readable QR code in the image", again);
            }
        }
    }
}
