package coop.litang.cooplive.cards;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import coop.litang.cooplive.dividends.DividendReceived;
import coop.litang.cooplive.dividends.MemberAccountView;
import coop.litang.cooplive.members.HouseholdDisclosure;
import coop.litang.cooplive.members.HouseholdPerson;

/**
 * The whole household file (一户一档) behind a card, for admins and accountants.
 *
 * @param memberId the household's id
 * @param number its member number
 * @param name its name
 * @param phone its contact number
 * @param villageZh its village
 * @param townshipZh its township
 * @param joinedOn when it joined
 * @param supplier whether it delivers produce
 * @param host whether it sells in livestreams
 * @param cardCode its card's code
 * @param cardLink what its card's QR code opens
 * @param disclosure what it agreed to show publicly
 * @param people the people of the household
 * @param account its member account today: capital, provident, subsidy and donation
 * shares, this year's transactions
 * @param delivers the products it delivered
 * @param dividends what it received from approved runs, the latest year first, each with
 * its statement at {@code /api/v1/accounting/runs/{runId}/lines/{lineNo}/statement.pdf}
 */
public record HouseholdFile(UUID memberId, long number, String name, String phone, String villageZh, String townshipZh,
		LocalDate joinedOn, boolean supplier, boolean host, String cardCode, String cardLink,
		HouseholdDisclosure disclosure, List<HouseholdPerson> people, MemberAccountView account,
		List<PublicHousehold.Product> delivers, List<DividendReceived> dividends) {
}
