package org.mfaportal.mfa;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/** Renders QR codes with ZXing: SVG for the page (crisp at any zoom), PNG for download and the API. */
public final class QrCodes {

    private static final int QUIET_ZONE = 4;

    private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

    private QrCodes() {
    }

    /** The QR code as an SVG document, one unit per module, scalable by CSS. */
    public static String svg(String text, String title) {
        BitMatrix matrix = matrix(text);
        int size = matrix.getWidth();
        StringBuilder path = new StringBuilder(size * size);
        for (int y = 0; y < size; y++) {
            int x = 0;
            while (x < size) {
                if (!matrix.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < size && matrix.get(x, y)) {
                    x++;
                }
                path.append('M').append(start).append(' ').append(y).append('h').append(x - start).append("v1h-")
                        .append(x - start).append('z');
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
                + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"" + escape(title) + "\"><title>"
                + escape(title) + "</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\""
                + path + "\"/></svg>";
    }

    /**
     * The QR code as a PNG with {@code pixelsPerModule} pixels per module: a 1-bit grayscale image, written
     * directly (signature, IHDR, one deflated IDAT, IEND). ImageIO's PNG writer, even for a 1-bit image, costs
     * more than the QR encoding itself; a bilevel image needs none of what it does.
     */
    public static byte[] png(String text, int pixelsPerModule) {
        BitMatrix matrix = matrix(text);
        int modules = matrix.getWidth();
        int size = modules * pixelsPerModule;
        int stride = (size + 7) / 8;
        byte[] line = new byte[stride];
        // Every scanline: filter type 0 (none), then the pixels, most significant bit first; 1 is white.
        byte[] scanlines = new byte[(stride + 1) * size];
        for (int y = 0; y < modules; y++) {
            Arrays.fill(line, (byte) 0);
            for (int x = 0; x < size; x++) {
                if (!matrix.get(x / pixelsPerModule, y)) {
                    line[x >> 3] |= (byte) (0x80 >>> (x & 7));
                }
            }
            for (int row = y * pixelsPerModule; row < (y + 1) * pixelsPerModule; row++) {
                System.arraycopy(line, 0, scanlines, row * (stride + 1) + 1, stride);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(2048);
        png.writeBytes(PNG_SIGNATURE);
        ByteBuffer header = ByteBuffer.allocate(13).putInt(size).putInt(size)
                .put((byte) 1) // bit depth
                .put((byte) 0) // color type: grayscale
                .put((byte) 0).put((byte) 0).put((byte) 0); // deflate, adaptive filtering, no interlace
        chunk(png, "IHDR", header.array());
        chunk(png, "IDAT", deflate(scanlines));
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** Deflates at the fastest level: ~1.7 KB instead of ~0.9 KB, in a quarter of the time of the default. */
    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            byte[] buffer = new byte[4096];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** A PNG chunk: length, type, data, CRC-32 of type and data. */
    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static BitMatrix matrix(String text) {
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, QUIET_ZONE,
                            EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalArgumentException("Text does not fit in a QR code", e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
