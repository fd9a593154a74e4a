package coop.litang.cooplive.ordering;

/**
 * How an order is paid: by card through the payment provider, offline (cash, bank or
 * mobile transfer) as recorded by a host or admin, or in cash when it is delivered.
 */
public enum PaymentMethod {

	CARD, OFFLINE, CASH_ON_DELIVERY;

	/** Whether a host or admin records the payment (not the card provider). */
	public boolean offline() {
		return this != CARD;
	}

}
