package coop.litang.cooplive.members;

import java.util.UUID;

/**
 * A shareholder's capital as of a day.
 *
 * @param kind member or village
 * @param memberId the member, for a member shareholder
 * @param memberNumber the member number, for a member shareholder, else 0
 * @param villageId the village, for a village shareholder
 * @param villageCode the village code, for a village shareholder
 * @param displayName the member's or the village's name
 * @param capitalFen contributions made up to and including the day, in fen
 */
public record CapitalBasis(ShareholderKind kind, UUID memberId, long memberNumber, UUID villageId, String villageCode,
		String displayName, long capitalFen) {
}
