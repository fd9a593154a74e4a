package coop.litang.cooplive.identity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A sign-in: username and password.
 *
 * @param username the sign-in name
 * @param password the password
 */
public record TokenRequest(@NotBlank @Size(max = 40) String username, @NotBlank @Size(max = 200) String password) {

	@Override
	public String toString() {
		return "TokenRequest[username=" + this.username + "]";
	}

}
