package coop.litang.cooplive.dividends;

/**
 * What the cooperative quantifies to a member's account besides capital paid in.
 */
public enum AccountEntryKind {

	/**
	 * The member's share of a year's provident fund (公积金), credited when a run is
	 * approved.
	 */
	PROVIDENT_SHARE,
	/** The member's share of property formed from state direct subsidies. */
	SUBSIDY_SHARE,
	/** The member's share of property formed from donations. */
	DONATION_SHARE

}
