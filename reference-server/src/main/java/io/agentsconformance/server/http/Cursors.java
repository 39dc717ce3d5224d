package io.agentsconformance.server.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque page cursors: the keyset position, signed together with the list it belongs to (its
 * scope: the list and its filters) with a key kept in the database, so that a cursor outlives a
 * restart. A cursor is accepted only as issued, character for character: one the server did not
 * issue, one issued for another list, or an issued one altered in any way (padding appended
 * included) is a 400.
 */
final class Cursors {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int SIGNATURE_BYTES = 16;
    private static final java.util.regex.Pattern POSITION = java.util.regex.Pattern.compile("-?[0-9]{1,19}");

    private final SecretKeySpec key;

    /** @param secret the signing key: the same one across restarts (store/ServerKeys) */
    Cursors(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    String issue(String scope, long position) {
        String payload = Long.toString(position);
        return ENCODER.encodeToString(payload.getBytes(StandardCharsets.US_ASCII)) + "."
                + ENCODER.encodeToString(sign(scope, payload));
    }

    /** @throws ApiError 400 unless the cursor is exactly one this server issued for this scope */
    long open(String scope, String cursor) {
        ApiError invalid = ApiError.invalidField("cursor", "cursor is not a cursor this server issued for this list");
        String[] parts = cursor.split("\\.", -1);
        if (parts.length != 2 || cursor.length() > 200) {
            throw invalid;
        }
        String payload;
        try {
            payload = new String(DECODER.decode(parts[0]), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException malformed) {
            throw invalid;
        }
        if (!POSITION.matcher(payload).matches()) {
            throw invalid;
        }
        long position;
        try {
            position = Long.parseLong(payload);
        } catch (NumberFormatException tooLarge) {
            throw invalid;
        }
        // Decoders forgive padding and stray bits; comparing with what would be issued forgives nothing.
        if (!MessageDigest.isEqual(issue(scope, position).getBytes(StandardCharsets.US_ASCII),
                cursor.getBytes(StandardCharsets.UTF_8))) {
            throw invalid;
        }
        return position;
    }

    private byte[] sign(String scope, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] full = mac.doFinal((scope + "\n" + payload).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(full, SIGNATURE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
