package io.woosync.woo;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** WooCommerce's dates: {@code *_gmt} fields are UTC without an offset ("2026-11-27T22:11:42"), to the second. */
public final class WooDates {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private WooDates() {
    }

    /** The field as an instant, null when absent, null-valued or unparseable. */
    public static Instant gmt(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(v.asText(), DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** An instant in WooCommerce's query format (UTC, seconds; send with dates_are_gmt=true). */
    public static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    }
}
