package coop.litang.cooplive.catalog;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A new product, optionally with its first SKUs.
 *
 * @param code unique code: capitals, digits, dash or underscore
 * @param nameZh name in Chinese
 * @param nameEn name in English
 * @param description free text, may be empty
 * @param skus SKUs to create with it, may be empty
 */
public record CreateProduct(@NotBlank @Pattern(regexp = Codes.PATTERN, message = Codes.MESSAGE) String code,
		@NotBlank @Size(max = 200) String nameZh, @NotBlank @Size(max = 200) String nameEn,
		@Size(max = 4000) String description, @Size(max = 50) List<@Valid NewSku> skus) {

	public CreateProduct {
		skus = (skus != null) ? List.copyOf(skus) : List.of();
		description = (description != null) ? description : "";
	}

}
