package org.mfaportal.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 verification, written against the published algorithm: canonical request, string to
 * sign, HMAC-SHA256 key derivation from the secret, constant-time comparison of the signatures.
 */
final class SigV4Verifier {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final HexFormat HEX = HexFormat.of();

    private SigV4Verifier() {
    }

    /** The parts of an {@code Authorization: AWS4-HMAC-SHA256 ...} header. */
    record Authorization(String accessKeyId, String date, String region, String service, List<String> signedHeaders,
            String signature) {

        String scope() {
            return date + "/" + region + "/" + service + "/aws4_request";
        }
    }

    /** A request as the verifier needs it; header names lower case. */
    record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
            byte[] body) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /**
     * Parses the Authorization header.
     *
     * @throws AwsError {@code MissingAuthenticationToken} when absent, {@code IncompleteSignature} when malformed
     */
    static Authorization parse(String header) {
        if (header == null || header.isBlank()) {
            throw AwsError.missingAuthenticationToken();
        }
        if (!header.startsWith(ALGORITHM + " ")) {
            throw AwsError.incompleteSignature("Unsupported AWS 'algorithm': the only supported one is " + ALGORITHM);
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : header.substring(ALGORITHM.length()).split(",")) {
            String item = part.trim();
            int eq = item.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String value = item.substring(eq + 1).trim();
            switch (item.substring(0, eq).trim()) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signedHeaders = value;
                case "Signature" -> signature = value;
                default -> {
                    // unknown components are ignored, as AWS does
                }
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            throw AwsError.incompleteSignature("Authorization header requires 'Credential', 'Signature' and "
                    + "'SignedHeaders' parameters.");
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
            throw AwsError.incompleteSignature("Credential should be scoped to a valid region, service and the "
                    + "terminator 'aws4_request'.");
        }
        return new Authorization(scope[0], scope[1], scope[2], scope[3], List.of(signedHeaders.split(";")),
                signature);
    }

    /** Whether the request carries a valid signature made with {@code secretAccessKey}. */
    static boolean verify(Authorization auth, String secretAccessKey, SignedRequest request) {
        String amzDate = request.header("x-amz-date");
        if (amzDate == null || amzDate.length() < 8) {
            throw AwsError.incompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' "
                    + "or a 'Date' header.");
        }
        if (!amzDate.startsWith(auth.date())) {
            return false;
        }
        for (String name : auth.signedHeaders()) {
            if (!request.headers().containsKey(name)) {
                return false;
            }
        }
        String bodyHash = HEX.formatHex(sha256(request.body()));
        String declaredHash = request.header("x-amz-content-sha256");
        String payloadHash = bodyHash;
        if (declaredHash != null && !"UNSIGNED-PAYLOAD".equals(declaredHash)) {
            if (!declaredHash.equalsIgnoreCase(bodyHash)) {
                return false;
            }
            payloadHash = declaredHash;
        } else if ("UNSIGNED-PAYLOAD".equals(declaredHash)) {
            payloadHash = declaredHash;
        }
        String canonicalRequest = request.method() + "\n"
                + canonicalUri(request.rawPath()) + "\n"
                + canonicalQuery(request.rawQuery()) + "\n"
                + canonicalHeaders(auth.signedHeaders(), request) + "\n"
                + String.join(";", auth.signedHeaders()) + "\n"
                + payloadHash;
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + auth.scope() + "\n"
                + HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), auth.date());
        key = hmac(key, auth.region());
        key = hmac(key, auth.service());
        key = hmac(key, "aws4_request");
        String expected = HEX.formatHex(hmac(key, stringToSign));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                auth.signature().toLowerCase().getBytes(StandardCharsets.US_ASCII));
    }

    /** Each path segment URI-encoded again, as the SDKs do for every service but S3. */
    private static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : rawPath.toCharArray()) {
            if (c == '/') {
                sb.append('/');
            } else {
                sb.append(uriEncode(String.valueOf(c)));
            }
        }
        return sb.toString();
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            pairs.add(new String[] { uriEncode(name), uriEncode(value) });
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder sb = new StringBuilder();
        for (String[] pair : pairs) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(pair[0]).append('=').append(pair[1]);
        }
        return sb.toString();
    }

    private static String canonicalHeaders(List<String> signedHeaders, SignedRequest request) {
        StringBuilder sb = new StringBuilder();
        for (String name : signedHeaders) {
            List<String> values = request.headers().get(name);
            List<String> trimmed = new ArrayList<>();
            for (String value : values) {
                trimmed.add(value.trim().replaceAll(" +", " "));
            }
            sb.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        return sb.toString();
    }

    /** RFC 3986 encoding: everything but unreserved characters is percent-encoded in upper-case hex. */
    static String uriEncode(String text) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return sb.toString();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
