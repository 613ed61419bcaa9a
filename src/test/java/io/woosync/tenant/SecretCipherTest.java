package io.woosync.tenant;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretCipherTest {

    static final String K1 = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    static final String K2 = "k2:HxAeHRwbGhkYFxYVFBMSERAPDg0MCwoJCAcGBQQDAgE=";

    static SecretCipher cipher(String keys, String active) {
        return new SecretCipher(new CryptoConfig() {
            public Optional<String> keys() {
                return Optional.of(keys);
            }

            public Optional<String> activeKeyId() {
                return Optional.ofNullable(active);
            }

            public boolean generateDevKey() {
                return false;
            }
        });
    }

    @Test
    void roundTripsAndNeverRepeatsACiphertext() {
        SecretCipher c = cipher(K1, null);
        String a = c.encrypt("cs_secret", "tenant:a:woo_consumer_secret");
        String b = c.encrypt("cs_secret", "tenant:a:woo_consumer_secret");
        assertNotEquals(a, b, "a fresh IV every time");
        assertTrue(a.startsWith("v1:k1:"));
        assertFalse(a.contains("cs_secret"));
        assertEquals("cs_secret", c.decrypt(a, "tenant:a:woo_consumer_secret"));
    }

    @Test
    void aCiphertextMovedToAnotherTenantOrColumnDoesNotDecrypt() {
        SecretCipher c = cipher(K1, null);
        String a = c.encrypt("cs_secret", "tenant:a:woo_consumer_secret");
        assertThrows(IllegalStateException.class, () -> c.decrypt(a, "tenant:b:woo_consumer_secret"));
        assertThrows(IllegalStateException.class, () -> c.decrypt(a, "tenant:a:odoo_api_key"));
    }

    @Test
    void tamperingIsDetected() {
        SecretCipher c = cipher(K1, null);
        String a = c.encrypt("cs_secret", "ctx");
        String prefix = a.substring(0, a.lastIndexOf(':') + 1);
        byte[] sealed = java.util.Base64.getDecoder().decode(a.substring(prefix.length()));
        // Flip one bit in the IV, in the ciphertext and in the tag: each must be caught.
        for (int index : new int[]{0, 13, sealed.length - 1}) {
            byte[] tampered = sealed.clone();
            tampered[index] ^= 0x01;
            String stored = prefix + java.util.Base64.getEncoder().encodeToString(tampered);
            assertThrows(IllegalStateException.class, () -> c.decrypt(stored, "ctx"), "bit flipped at " + index);
        }
    }

    @Test
    void rotationKeepsOldValuesReadableAndFlagsThemForReEncryption() {
        String old = cipher(K1, null).encrypt("odoo-key", "ctx");
        SecretCipher rotated = cipher(K2 + "," + K1, "k2");
        assertEquals("odoo-key", rotated.decrypt(old, "ctx"));
        assertTrue(rotated.needsReEncryption(old));
        String fresh = rotated.encrypt("odoo-key", "ctx");
        assertTrue(fresh.startsWith("v1:k2:"));
        assertFalse(rotated.needsReEncryption(fresh));
        // once the old key is removed, values under it can no longer be read: re-encrypt first
        assertThrows(IllegalStateException.class, () -> cipher(K2, null).decrypt(old, "ctx"));
    }

    @Test
    void badKeyConfigurationIsRefusedAtStartup() {
        assertThrows(IllegalStateException.class, () -> cipher("k1:c2hvcnQ=", null));
        assertThrows(IllegalStateException.class, () -> cipher(K1, "k9"));
        assertThrows(IllegalStateException.class, () -> cipher("no-colon", null));
    }
}
