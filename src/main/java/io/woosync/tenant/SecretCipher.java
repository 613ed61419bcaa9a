package io.woosync.tenant;

import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AES-256-GCM for secrets at rest.
 *
 * <p>Stored form: {@code v1:<keyId>:<base64(iv ‖ ciphertext ‖ tag)>}. The key id lets keys rotate:
 * values written under an old key stay readable while that key is configured, and
 * {@link #needsReEncryption(String)} tells which values to rewrite. The associated data binds a
 * ciphertext to the tenant and column it belongs to, so a value copied into another tenant's row
 * or another column fails to decrypt instead of leaking.
 */
@ApplicationScoped
public class SecretCipher {

    private static final String VERSION = "v1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private final String activeKeyId;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(CryptoConfig config) {
        String spec = config.keys().filter(s -> !s.isBlank()).orElse(null);
        if (spec == null && config.generateDevKey() && LaunchMode.current() == LaunchMode.DEVELOPMENT) {
            spec = devKey();
        }
        if (spec == null) {
            throw new IllegalStateException("woosync.crypto.keys is not set: give at least one 256-bit key as id:base64 "
                    + "(env WOOSYNC_CRYPTO_KEYS)");
        }
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException("woosync.crypto.keys: each entry must be id:base64key");
            }
            String id = trimmed.substring(0, colon);
            byte[] raw = Base64.getDecoder().decode(trimmed.substring(colon + 1));
            if (raw.length != 32) {
                throw new IllegalStateException("woosync.crypto.keys: key " + id + " must be 256 bits (32 bytes)");
            }
            keys.put(id, new SecretKeySpec(raw, "AES"));
        }
        this.activeKeyId = config.activeKeyId().orElse(keys.keySet().iterator().next());
        if (!keys.containsKey(activeKeyId)) {
            throw new IllegalStateException("woosync.crypto.active-key-id " + activeKeyId + " is not among the configured keys");
        }
    }

    /** Encrypts {@code plaintext} for one tenant's column; null stays null. */
    public String encrypt(String plaintext, String context) {
        if (plaintext == null) {
            return null;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return VERSION + ":" + activeKeyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** Decrypts a value written by {@link #encrypt}; null stays null. */
    public String decrypt(String stored, String context) {
        if (stored == null) {
            return null;
        }
        String[] parts = stored.split(":", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new IllegalStateException("stored secret has an unknown format");
        }
        SecretKeySpec key = keys.get(parts[1]);
        if (key == null) {
            throw new IllegalStateException("stored secret uses key " + parts[1] + ", which is not configured");
        }
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored secret could not be decrypted (wrong key or tampered value)", e);
        }
    }

    /** True when the value was written under a key other than the active one. */
    public boolean needsReEncryption(String stored) {
        return stored != null && !stored.startsWith(VERSION + ":" + activeKeyId + ":");
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    private static String devKey() {
        Path file = Path.of("target", "woosync-dev", "encryption.key");
        try {
            if (!Files.exists(file)) {
                byte[] raw = new byte[32];
                new SecureRandom().nextBytes(raw);
                Files.createDirectories(file.getParent());
                Files.writeString(file, "dev-1:" + Base64.getEncoder().encodeToString(raw));
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new IllegalStateException("could not create the dev encryption key in " + file, e);
        }
    }
}
