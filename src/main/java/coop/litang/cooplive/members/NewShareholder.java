package coop.litang.cooplive.members;

import java.util.UUID;

import jakarta.validation.constraints.AssertTrue;

/**
 * Registers a member or a village as a shareholder; exactly one of the two is given.
 *
 * @param memberId the member household
 * @param villageId the village collective
 */
public record NewShareholder(UUID memberId, UUID villageId) {

	@AssertTrue(message = "give exactly one of memberId and villageId")
	boolean isExactlyOne() {
		return (this.memberId == null) != (this.villageId == null);
	}

}
