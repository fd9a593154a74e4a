package coop.litang.cooplive.dividends;

/**
 * The bylaws' parameters for distributing a year's surplus. Rates are in basis points
 * (1/100 of a percent) so that no floating point touches money.
 *
 * @param providentFundRateBp share of the surplus (after making up losses) taken into the
 * provident fund (公积金), 0 to 10,000
 * @param patronageRateBp share of the distributable surplus returned by transaction
 * volume; the law requires at least {@value #LEGAL_MINIMUM_PATRONAGE_BP}
 * @param patronageBasis what transaction volume is measured in
 * @param providentBasis how the provident fund is quantified to member accounts
 * @param tieBreak the order in which equal remainders get the last fen
 */
public record DividendPolicy(int providentFundRateBp, int patronageRateBp, PatronageBasis patronageBasis,
		ProvidentBasis providentBasis, TieBreak tieBreak) {

	/** Art. 44 of the Farmers' Specialized Cooperatives Law: at least 60%. */
	public static final int LEGAL_MINIMUM_PATRONAGE_BP = 6_000;

	public DividendPolicy {
		if (providentFundRateBp < 0 || providentFundRateBp > 10_000) {
			throw new IllegalArgumentException("the provident fund rate must be between 0% and 100%");
		}
		if (patronageRateBp < LEGAL_MINIMUM_PATRONAGE_BP || patronageRateBp > 10_000) {
			throw new IllegalArgumentException(
					"the patronage rate must be at least 60% of the distributable surplus (Art. 44) and at most 100%");
		}
		if (tieBreak == null) {
			tieBreak = TieBreak.MEMBER_NUMBER;
		}
		if (patronageBasis == null || providentBasis == null) {
			throw new IllegalArgumentException("the patronage and provident bases are required");
		}
	}

	/** The bylaws' default tie-break: by member number. */
	public DividendPolicy(int providentFundRateBp, int patronageRateBp, PatronageBasis patronageBasis,
			ProvidentBasis providentBasis) {
		this(providentFundRateBp, patronageRateBp, patronageBasis, providentBasis, TieBreak.MEMBER_NUMBER);
	}

	/**
	 * Who gets a leftover fen first when remainders are equal: the lower member number,
	 * or the member who joined earlier (then the lower number); villages after members,
	 * by code.
	 */
	public enum TieBreak {

		MEMBER_NUMBER, JOINED_ON

	}

	/** Transaction volume as amount in fen or as quantity delivered. */
	public enum PatronageBasis {

		AMOUNT, QUANTITY

	}

	/**
	 * The provident fund quantified to members by their capital basis or their patronage.
	 */
	public enum ProvidentBasis {

		CAPITAL, PATRONAGE

	}

}
