package coop.litang.cooplive.identity;

import java.util.UUID;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A user to create. A host is linked to the member household it sells for; other roles
 * are not.
 *
 * @param username 3 to 40 lower-case letters, digits, '.', '_' or '-'
 * @param password at least 10 characters and at most 72 bytes in UTF-8 (what bcrypt
 * reads)
 * @param role its role
 * @param memberId the member, for a host only
 */
public record NewUser(
		@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]{2,39}",
				message = "must be 3 to 40 lower-case letters, digits, '.', '_' or '-'") String username,
		@NotBlank @Size(min = 10, max = 200) String password, @NotNull Role role, UUID memberId) {

	@AssertTrue(message = "a host needs a memberId, other roles none")
	boolean isMemberIdFitsRole() {
		return this.role == null || (this.role == Role.HOST) == (this.memberId != null);
	}

	@Override
	public String toString() {
		return "NewUser[username=" + this.username + ", role=" + this.role + ", memberId=" + this.memberId + "]";
	}

}
