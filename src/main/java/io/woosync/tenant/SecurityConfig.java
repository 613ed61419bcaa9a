package io.woosync.tenant;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a user's tenants are read from their token. */
@ConfigMapping(prefix = "woosync.security")
public interface SecurityConfig {

    /** The claim (a list of tenant slugs, or one space/comma separated string) naming the tenants a user may see. */
    @WithDefault("tenants")
    String tenantsClaim();
}
