package coop.litang.cooplive.inventory;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the append-only stock ledger.
 *
 * @param id its position in the ledger
 * @param skuId the SKU
 * @param kind what it did
 * @param quantity units; negative only for an adjustment down
 * @param reason why
 * @param actor who or what made it
 * @param reference what it belongs to, such as {@code order:<id>} or {@code receipt:<id>}
 * @param occurredAt when
 */
public record MovementView(long id, UUID skuId, MovementKind kind, long quantity, String reason, String actor,
		String reference, Instant occurredAt) {
}
