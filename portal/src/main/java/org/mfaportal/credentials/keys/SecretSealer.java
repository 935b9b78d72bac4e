package org.mfaportal.credentials.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;


/**
 * Seals short secrets (AES-256-GCM, random 96-bit nonce) with a key every replica derives from the same
 * configured secret, so a key prepared on one replica can be used on another. The associated data binds a
 * sealed value to its owner: a value sealed for one user does not open for another.
 */
@ApplicationScoped
public class SecretSealer {

    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    @Inject
    SecretSealer(KeysConfig config) {
        this(config.sealingSecret().orElse("").getBytes(StandardCharsets.UTF_8));
    }

    SecretSealer(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("portal.credentials.sealing-secret must be at least 16 characters");
        }
        try {
            this.key = new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(secret), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String seal(String plain, String owner) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Sealing failed", e);
        }
    }

    /** @throws IllegalStateException when the value was tampered with, sealed for another owner or another key */
    public String open(String sealed, String owner) {
        try {
            byte[] all = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, NONCE_BYTES));
            cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A sealed value could not be opened", null);
        }
    }
}
