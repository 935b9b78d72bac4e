package org.mfaportal.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/** Renders the QR code PNG that CreateVirtualMFADevice returns. */
final class DeviceQrCode {

    static final String ISSUER = "Amazon Web Services";

    private DeviceQrCode() {
    }

    /** The Key URI an authenticator app reads: issuer, {@code device@account} label, Base32 secret. */
    static String keyUri(String deviceName, String accountId, String base32Seed) {
        String issuer = SigV4Verifier.uriEncode(ISSUER);
        return "otpauth://totp/" + issuer + ":" + SigV4Verifier.uriEncode(deviceName) + "@" + accountId
                + "?secret=" + base32Seed + "&issuer=" + issuer;
    }

    static byte[] png(String content) {
        try {
            BitMatrix matrix = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 256, 256,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(matrix, "PNG", out);
            return out.toByteArray();
        } catch (WriterException e) {
            throw new IllegalStateException("QR code could not be encoded", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
