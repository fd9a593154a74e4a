package coop.litang.cooplive.ordering;

/**
 * How an order is paid: by card through the payment provider, or offline (cash, bank or
 * mobile transfer) as recorded by a host or admin.
 */
public enum PaymentMethod {

	CARD, OFFLINE

}
