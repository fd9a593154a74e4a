package coop.litang.cooplive.catalog;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * New names, description and active flag of a product; its code never changes.
 *
 * @param nameZh name in Chinese
 * @param nameEn name in English
 * @param description free text, may be empty
 * @param active whether it is offered
 */
public record UpdateProduct(@NotBlank @Size(max = 200) String nameZh, @NotBlank @Size(max = 200) String nameEn,
		@Size(max = 4000) String description, @NotNull Boolean active) {

	public UpdateProduct {
		description = (description != null) ? description : "";
	}

}
