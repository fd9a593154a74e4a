package coop.litang.cooplive.inventory;

/**
 * What a row of the stock ledger did. On hand = receipts + adjustments + returns − sales;
 * reserved = reserves − releases − sales.
 */
public enum MovementKind {

	/** Produce delivered by a supplier member: on hand up. */
	RECEIPT,
	/** Units held for an unpaid order or a live session: reserved up. */
	RESERVE,
	/** A hold given back (order expired or cancelled, session ended): reserved down. */
	RELEASE,
	/** A held unit paid for: on hand and reserved down. */
	SALE,
	/** Breakage or recount by an admin: on hand up or down. */
	ADJUSTMENT,
	/** Goods back into stock after a refund: on hand up. */
	RETURN

}
