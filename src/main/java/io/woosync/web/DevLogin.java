package io.woosync.web;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.woosync.tenant.Roles;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The dev-mode login page: pick a name, roles and tenants, no identity provider needed.
 *
 * <p>Compiled into dev builds only ({@link IfBuildProfile}): a production build does not contain
 * this class or {@link DevLoginMechanism}, so no setting can switch it on in prod.
 */
@IfBuildProfile("dev")
@Path("/dev-login")
public class DevLogin {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance form(List<String> roles);
    }

    private final DevLoginMechanism mechanism;

    public DevLogin(DevLoginMechanism mechanism) {
        this.mechanism = mechanism;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance form() {
        return Templates.form(List.of(Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE, Roles.VIEWER));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@RestForm String name, @RestForm List<String> role, @RestForm String tenants) {
        String user = name == null || name.isBlank() ? "developer" : name.trim();
        Set<String> roles = new LinkedHashSet<>(role == null ? List.of() : role);
        roles.retainAll(Set.of(Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE, Roles.VIEWER));
        if (roles.isEmpty()) {
            roles.add(Roles.OPERATOR);
        }
        List<String> slugs = new ArrayList<>();
        if (tenants != null) {
            for (String s : tenants.split("[\\s,]+")) {
                if (!s.isBlank()) {
                    slugs.add(s.trim());
                }
            }
        }
        String value = mechanism.issue(user, roles, new LinkedHashSet<>(slugs));
        return Response.seeOther(URI.create("/"))
                .cookie(new NewCookie.Builder(DevLoginMechanism.COOKIE).value(value).path("/").httpOnly(true)
                        .sameSite(NewCookie.SameSite.LAX).build())
                .build();
    }

    @GET
    @Path("logout")
    public Response logout() {
        return Response.seeOther(URI.create("/dev-login"))
                .cookie(new NewCookie.Builder(DevLoginMechanism.COOKIE).value("").path("/").maxAge(0).build())
                .build();
    }
}
