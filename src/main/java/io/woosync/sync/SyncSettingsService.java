package io.woosync.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.woosync.odoo.ConnectionReport;
import io.woosync.odoo.OdooConnectionCheck;
import io.woosync.odoo.OdooStatusStore;
import io.woosync.sync.settings.SettingsOdooCheck;
import io.woosync.sync.settings.SyncSettings;
import io.woosync.sync.settings.SyncSettingsRules;
import io.woosync.tenant.TenantAccess;
import io.woosync.web.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reading and changing a tenant's {@link SyncSettings} on behalf of a user (the JSON API and the settings
 * pages). The JSON shape is exactly the one {@link SyncStore} stores (the application's ObjectMapper over
 * the SyncSettings records), read strictly: every field present, no unknown ones, no silent coercions.
 * Each save is checked by {@link SyncSettingsRules} and recorded with its author. The order sync reads the
 * settings afresh for every job ({@link OrderPlanning#settings}), so a change applies from the next job on.
 */
@ApplicationScoped
public class SyncSettingsService {

    private static final Logger LOG = Logger.getLogger(SyncSettingsService.class);
    private static final Pattern MISSING_PROPERTY = Pattern.compile("Missing required creator property '([^']+)'");

    /**
     * The settings in effect for a tenant; {@code saved} false = the seed's defaults, never saved. {@code version}
     * (0 until saved, then raised by every save) is what an editor sends back so that a save over someone
     * else's newer one is refused instead of silently undoing it.
     */
    public record Current(SyncSettings settings, boolean saved, Instant updatedAt, String updatedBy, long version) {
    }

    private final SyncStore store;
    private final ObjectMapper json;
    private final ObjectReader strictReader;
    private final Clock clock;
    private final OdooConnectionCheck connectionCheck;
    private final OdooStatusStore odooStatus;

    public SyncSettingsService(SyncStore store, ObjectMapper json, Clock clock, OdooConnectionCheck connectionCheck,
                               OdooStatusStore odooStatus) {
        this.store = store;
        this.json = json;
        this.clock = clock;
        this.connectionCheck = connectionCheck;
        this.odooStatus = odooStatus;
        this.strictReader = json.readerFor(SyncSettings.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    }

    /**
     * Runs the Odoo connection test held against the tenant's saved settings ({@link SettingsOdooCheck}) and
     * stores the report as its API status; for the API and the settings page. 404/403 as for saving.
     */
    public ConnectionReport checkAgainstOdoo(TenantAccess access, String slug) {
        OdooStatusStore.Target target = odooStatus.administrable(access, slug);
        ConnectionReport report = connectionCheck.run(target.odoo(), SettingsOdooCheck.options(current(target.tenantId()).settings()));
        odooStatus.save(target.tenantId(), report);
        return report;
    }

    public Current current(long tenantId) {
        return store.storedSettings(tenantId)
                .map(s -> new Current(s.settings(), true, s.updatedAt(), s.updatedBy(), s.version()))
                .orElseGet(() -> new Current(SyncSettings.defaults(), false, null, null, 0));
    }

    /** The settings as JSON, exactly as the API shows them and as {@link #fromJson} reads them. */
    public JsonNode toJson(SyncSettings settings) {
        return json.valueToTree(settings);
    }

    /**
     * A complete settings document from JSON, or an {@link InvalidInputException} naming the field: a missing,
     * null, unknown or mistyped field, then every rule of {@link SyncSettingsRules} the value breaks.
     */
    public SyncSettings fromJson(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw InvalidInputException.field("body", "a JSON object with the settings is required (GET it first)");
        }
        if (!body.isObject()) {
            throw InvalidInputException.field("body", "must be a JSON object with the settings");
        }
        ObjectNode tree = ((ObjectNode) body).deepCopy();
        fillOptional(tree);
        Map<String, String> nulls = new LinkedHashMap<>();
        findNulls("", tree, nulls);
        if (!nulls.isEmpty()) {
            throw new InvalidInputException(400, nulls);
        }
        SyncSettings settings;
        try {
            settings = strictReader.readValue(tree);
        } catch (JsonMappingException e) {
            throw InvalidInputException.field(fieldOf(e), messageOf(e));
        } catch (JsonProcessingException e) {
            // e.g. a number too large for an id: no path from the parser, only where it stopped
            throw InvalidInputException.field("body", "a value is out of range: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw InvalidInputException.field("body", "unreadable settings");
        }
        check(settings);
        return settings;
    }

    /** {@link SyncSettingsRules} as a 400 naming every broken field. */
    public void check(SyncSettings settings) {
        Map<String, String> errors = SyncSettingsRules.check(settings);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(400, errors);
        }
    }

    /**
     * Checks and saves a tenant's settings for {@code user}, through {@code via} ("api" or "page"), and records
     * the change. The next job of the tenant plans with them. With {@code basedOnVersion} the save happens only
     * over that version ({@link SyncStore.StaleSettingsException} otherwise). Returns the settings paths that changed.
     */
    public List<String> replace(long tenantId, String slug, SyncSettings settings, String user, String via, Long basedOnVersion) {
        check(settings);
        List<String> changed = store.replaceSettings(tenantId, settings, clock.instant(), user, via, basedOnVersion);
        LOG.infof("tenant %s: sync settings saved by %s via %s, changed %s", slug, user, via, changed.isEmpty() ? "nothing" : changed);
        return changed;
    }

    public List<SyncStore.SettingsChange> changes(long tenantId, int limit) {
        return store.settingsChanges(tenantId, limit);
    }

    // ---- strict reading --------------------------------------------------------------------------

    /** The only fields that may be absent or null: a tax's name, its included twin, a payment method line. */
    private static void fillOptional(ObjectNode tree) {
        JsonNode rates = tree.path("taxes").path("rates");
        if (rates.isObject()) {
            rates.forEach(r -> {
                if (r.isObject()) {
                    ((ObjectNode) r).putIfAbsent("includedTwin", com.fasterxml.jackson.databind.node.NullNode.getInstance());
                    for (String t : List.of("tax", "includedTwin")) {
                        if (r.path(t).isObject() && (!r.path(t).has("name") || r.path(t).get("name").isNull())) {
                            ((ObjectNode) r.path(t)).put("name", "");
                        }
                    }
                }
            });
        }
        JsonNode journals = tree.path("paymentJournals");
        if (journals.isObject()) {
            journals.forEach(j -> {
                if (j.isObject()) {
                    ((ObjectNode) j).putIfAbsent("paymentMethodLineId", com.fasterxml.jackson.databind.node.NullNode.getInstance());
                }
            });
        }
    }

    private static final java.util.Set<String> NULLABLE = java.util.Set.of("includedTwin", "paymentMethodLineId");

    private static void findNulls(String path, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String p = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                if (f.getValue().isNull()) {
                    if (!NULLABLE.contains(f.getKey())) {
                        out.put(p, "must not be null");
                    }
                } else {
                    findNulls(p, f.getValue(), out);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isNull()) {
                    out.put(path + "." + i, "must not be null");
                } else {
                    findNulls(path + "." + i, node.get(i), out);
                }
            }
        }
    }

    /** The field a Jackson failure is about, as a dotted path ("paymentJournals.stripe.journalId"). */
    private static String fieldOf(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : Integer.toString(r.getIndex()))
                .collect(Collectors.joining("."));
        Matcher missing = MISSING_PROPERTY.matcher(String.valueOf(e.getOriginalMessage()));
        if (missing.find()) {
            path = path.isEmpty() ? missing.group(1) : path + "." + missing.group(1);
        } else if (isMapKey(e)) {
            path = path + "." + ((InvalidFormatException) e).getValue();
        }
        return path.isEmpty() ? "body" : path;
    }

    /** A map key that is not of the key type (skuOverrides and taxes.rates are keyed by WooCommerce ids). */
    private static boolean isMapKey(JsonMappingException e) {
        return e instanceof InvalidFormatException f && f.getValue() != null
                && String.valueOf(e.getOriginalMessage()).contains("Map key");
    }

    /** One sentence for the user; never Jackson's own message, which quotes class names. */
    private static String messageOf(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "is not a setting (known here: " + u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", ")) + ")";
        }
        if (MISSING_PROPERTY.matcher(String.valueOf(e.getOriginalMessage())).find()) {
            return "is required";
        }
        if (isMapKey(e)) {
            return "is not a WooCommerce id (a positive integer)";
        }
        Class<?> type = e instanceof InvalidFormatException f ? f.getTargetType()
                : e instanceof MismatchedInputException m ? m.getTargetType() : null;
        if (type == null) {
            return "has the wrong type";
        }
        if (type.isEnum()) {
            return "must be one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "must be an integer";
        }
        if (type == BigDecimal.class) {
            return "must be a decimal number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == String.class) {
            return "must be a text";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "must be a JSON array";
        }
        return "must be a JSON object";
    }
}
