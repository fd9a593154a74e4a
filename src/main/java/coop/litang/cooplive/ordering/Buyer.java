package coop.litang.cooplive.ordering;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Who receives the goods. The phone number identifies the buyer for per-buyer limits.
 *
 * @param name the buyer's name
 * @param phone mainland mobile number; +86, spaces and dashes are accepted
 * @param address where to ship
 */
public record Buyer(@NotBlank @Size(max = 100) String name, @NotBlank @Size(max = 30) String phone,
		@NotBlank @Size(max = 500) String address) {

	@Override
	public String toString() {
		return "Buyer[hidden]";
	}

}
