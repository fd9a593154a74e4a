package coop.litang.cooplive.identity;

import java.util.UUID;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

/**
 * A user's new role. A host is linked to the member household it sells for; other roles
 * are not.
 *
 * @param role the role
 * @param memberId the member, for a host only
 */
public record ChangeRole(@NotNull Role role, UUID memberId) {

	@AssertTrue(message = "a host needs a memberId, other roles none")
	boolean isMemberIdFitsRole() {
		return this.role == null || (this.role == Role.HOST) == (this.memberId != null);
	}

}
