package io.agentsconformance.server.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque page cursors: the keyset position, signed with a key of this process together with the
 * list it belongs to (its scope: the list and its filters). A cursor the server did not issue, or
 * one issued for another list, fails the signature check and is a 400.
 */
final class Cursors {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int SIGNATURE_BYTES = 16;

    private final SecretKeySpec key;

    Cursors() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    String issue(String scope, long position) {
        String payload = Long.toString(position);
        return ENCODER.encodeToString(payload.getBytes(StandardCharsets.US_ASCII)) + "."
                + ENCODER.encodeToString(sign(scope, payload));
    }

    /** @throws ApiError 400 if the cursor was not issued by this server for this scope */
    long open(String scope, String cursor) {
        ApiError invalid = ApiError.invalidField("cursor", "cursor is not a cursor this server issued for this list");
        String[] parts = cursor.split("\\.", -1);
        if (parts.length != 2 || cursor.length() > 200) {
            throw invalid;
        }
        try {
            String payload = new String(DECODER.decode(parts[0]), StandardCharsets.US_ASCII);
            byte[] signature = DECODER.decode(parts[1]);
            if (!MessageDigest.isEqual(signature, sign(scope, payload))) {
                throw invalid;
            }
            return Long.parseLong(payload);
        } catch (IllegalArgumentException malformed) {
            throw invalid;
        }
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
