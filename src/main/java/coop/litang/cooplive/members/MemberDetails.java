package coop.litang.cooplive.members;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * What an admin enters for a member household.
 *
 * @param name the household's name
 * @param phone mobile number; spaces, dashes and +86 are accepted and normalized
 * @param villageId the village it lives in
 * @param supplier whether it delivers produce
 * @param host whether it sells in livestreams
 * @param joinedOn the day it joined
 */
public record MemberDetails(@NotBlank @Size(max = 100) String name, @NotBlank @Size(max = 30) String phone,
		@NotNull UUID villageId, @NotNull Boolean supplier, @NotNull Boolean host, @NotNull LocalDate joinedOn) {
}
