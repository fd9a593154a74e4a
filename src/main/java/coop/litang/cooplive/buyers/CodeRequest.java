package coop.litang.cooplive.buyers;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A buyer asks for a verification code.
 *
 * @param phone mainland mobile number; {@code +86}, {@code 0086}, spaces and dashes are
 * accepted
 */
record CodeRequest(@NotBlank @Size(max = 30) String phone) {

	@Override
	public String toString() {
		return "CodeRequest[hidden]";
	}

}
