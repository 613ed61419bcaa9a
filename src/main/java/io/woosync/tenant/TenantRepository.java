package io.woosync.tenant;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Tenant rows. Callers that act for a user go through {@link TenantService}, which scopes by access. */
@ApplicationScoped
public class TenantRepository implements PanacheRepository<Tenant> {

    public Optional<Tenant> findBySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }

    public List<Tenant> listAllBySlug() {
        return list("order by slug");
    }

    public List<Tenant> listBySlugs(Collection<String> slugs) {
        if (slugs.isEmpty()) {
            return List.of();
        }
        return list("slug in ?1 order by slug", slugs);
    }
}
