package io.woosync.tenant;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Keys that encrypt tenant secrets at rest. */
@ConfigMapping(prefix = "woosync.crypto")
public interface CryptoConfig {

    /**
     * The keys, as {@code id:base64key[,id:base64key...]}; each key is 256 bits. Old keys stay
     * listed after a rotation so that existing secrets can still be read, and re-encrypted.
     * In Kubernetes: the env var {@code WOOSYNC_CRYPTO_KEYS} from a Secret.
     */
    Optional<String> keys();

    /** The id of the key that encrypts new values. Defaults to the first listed key. */
    Optional<String> activeKeyId();

    /**
     * Dev profile only: generate a key on first start and keep it in
     * {@code target/woosync-dev/encryption.key}. Never set in prod.
     */
    @WithDefault("false")
    boolean generateDevKey();
}
