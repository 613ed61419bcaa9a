package io.woosync.tenant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;

/**
 * Operator-only maintenance of the encrypted tenant secrets: the middle step of a key rotation
 * (docs/operations.md). After a new key has been added to {@code WOOSYNC_CRYPTO_KEYS} and made
 * active, this rewrites every secret still stored under an older key; once it answers
 * {@code reEncrypted: 0} on every replica's configuration, the old key can be removed.
 * Idempotent: a second call finds nothing to do.
 */
@Path("/api/admin/secrets")
@Produces(MediaType.APPLICATION_JSON)
public class SecretAdminResource {

    private static final Logger LOG = Logger.getLogger(SecretAdminResource.class);

    private final TenantService service;
    private final SecretCipher cipher;
    private final TenantAccess access;

    public SecretAdminResource(TenantService service, SecretCipher cipher, TenantAccess access) {
        this.service = service;
        this.cipher = cipher;
        this.access = access;
    }

    @POST
    @Path("re-encrypt")
    @RolesAllowed(Roles.OPERATOR)
    public ReEncryption reEncrypt() {
        int changed = service.reEncryptSecrets();
        LOG.infof("tenant secrets re-encrypted under key %s by %s: %d tenant(s) changed", cipher.activeKeyId(),
                access.userName(), changed);
        return new ReEncryption(cipher.activeKeyId(), changed);
    }

    /**
     * What a re-encryption did: the key everything is now under, and how many tenants were rewritten.
     * (A resource method's return type is registered for reflection by Quarkus REST itself.)
     */
    public record ReEncryption(String activeKeyId, int reEncrypted) {
    }
}
