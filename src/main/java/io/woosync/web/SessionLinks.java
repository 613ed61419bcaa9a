package io.woosync.web;

import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/** Login-dependent links for the layout ({@code inject:session}). */
@ApplicationScoped
@Named("session")
public class SessionLinks {

    /** True only in dev mode, where {@link DevLogin} replaces OIDC. */
    public boolean isDevLogin() {
        return LaunchMode.current() == LaunchMode.DEVELOPMENT;
    }

    public String getLogoutPath() {
        return isDevLogin() ? "/dev-login/logout" : "/logout";
    }
}
