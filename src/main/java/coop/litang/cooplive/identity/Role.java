package coop.litang.cooplive.identity;

/**
 * What a signed-in user may do.
 */
public enum Role {

	/** Registers places, members, products and stock; ships orders. */
	ADMIN,
	/** A member who sells in livestreams: their own sessions and orders. */
	HOST,
	/** Closes periods and computes dividends; reads everything. */
	ACCOUNTANT

}
