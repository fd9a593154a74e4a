package coop.litang.cooplive.dividends;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import coop.litang.cooplive.inventory.SkuVolume;

/**
 * A member account (成员账户) as of a day, computed from entries, never stored as a balance.
 *
 * @param memberId the member household
 * @param asOf the day
 * @param capitalFen capital contributed up to the day
 * @param providentShareFen quantified provident-fund shares
 * @param subsidyShareFen quantified shares of state-subsidy property
 * @param donationShareFen quantified shares of donated property
 * @param capitalBasisFen the sum of the four: the basis of capital shares in a run
 * @param transactionAmountFen produce delivered in the calendar year of {@code asOf}, in
 * fen
 * @param transactionQuantity units delivered in that year
 * @param transactionsBySku the same per SKU
 * @param entries the quantified entries up to the day, oldest first
 */
public record MemberAccountView(UUID memberId, LocalDate asOf, long capitalFen, long providentShareFen,
		long subsidyShareFen, long donationShareFen, long capitalBasisFen, long transactionAmountFen,
		long transactionQuantity, List<SkuVolume> transactionsBySku, List<Entry> entries) {

	/**
	 * @param kind what it quantifies
	 * @param amountFen the amount
	 * @param effectiveOn from when
	 * @param reference what it is based on
	 */
	public record Entry(AccountEntryKind kind, long amountFen, LocalDate effectiveOn, String reference) {
	}

}
