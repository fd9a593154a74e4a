package coop.litang.cooplive.members;

import java.util.UUID;

/**
 * A holder of share capital (股金) and the capital it has contributed.
 *
 * @param id its id
 * @param kind member or village
 * @param memberId the member, for a member shareholder
 * @param villageId the village, for a village shareholder
 * @param displayName the member's or the village's name
 * @param capitalFen the sum of its contributions in fen
 */
public record ShareholderView(UUID id, ShareholderKind kind, UUID memberId, UUID villageId, String displayName,
		long capitalFen) {
}
