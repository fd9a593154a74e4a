package coop.litang.cooplive.shared;

import java.util.List;
import java.util.UUID;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling, as the access token says: for audit trails and ownership checks.
 *
 * @param username the signed-in user
 * @param roles the roles, such as {@code ADMIN} or {@code HOST}
 * @param memberId the member household a host acts for, else {@code null}
 */
public record Actor(String username, List<String> roles, UUID memberId) {

	/** The caller behind a verified access token. */
	public static Actor of(Jwt jwt) {
		List<String> roles = jwt.getClaimAsStringList("roles");
		String memberId = jwt.getClaimAsString("member_id");
		return new Actor(jwt.getSubject(), (roles != null) ? List.copyOf(roles) : List.of(),
				(memberId != null) ? UUID.fromString(memberId) : null);
	}

	public boolean isAdmin() {
		return this.roles.contains("ADMIN");
	}

	/**
	 * Refuses unless the caller is an admin or the member household that owns the thing.
	 * @throws Forbidden otherwise
	 */
	public void requireOwnerOrAdmin(UUID ownerMemberId, String what) {
		if (!isAdmin() && (this.memberId == null || !this.memberId.equals(ownerMemberId))) {
			throw new Forbidden("this " + what + " belongs to another host");
		}
	}

}
