package io.woosync.ingest;

import java.time.Instant;

/** A stored webhook delivery, as the sync engine reads it back ({@link DeliveryStore#find}). */
public record StoredDelivery(long id, long tenantId, long webhookId, String deliveryId, String topic, String resourceType,
                             String resourceId, String headersJson, byte[] body, Instant receivedAt, Long jobId) {
}
