package coop.litang.cooplive.buyers;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A buyer sends back the code received by SMS.
 *
 * @param phone the number the code was sent to, spelled any accepted way
 * @param code the six digits received
 */
record CodeConfirmation(@NotBlank @Size(max = 30) String phone,
		@NotBlank @Pattern(regexp = "[0-9]{6}", message = "must be the 6 digits received") String code) {

	@Override
	public String toString() {
		return "CodeConfirmation[hidden]";
	}

}
