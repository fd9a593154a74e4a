package coop.litang.cooplive.members;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What an admin enters for a village.
 *
 * @param townshipId the township it belongs to
 * @param code unique code
 * @param nameZh name in Chinese
 * @param nameEn name in English
 */
public record VillageDetails(@NotNull UUID townshipId,
		@NotBlank @Pattern(regexp = Views.CODE_PATTERN, message = Views.CODE_MESSAGE) String code,
		@NotBlank @Size(max = 100) String nameZh, @NotBlank @Size(max = 100) String nameEn) {
}
