package coop.litang.cooplive.cards;

import java.time.Duration;
import java.util.UUID;

import coop.litang.cooplive.shared.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Household cards and goods labels: the public page's data and the QR images for anyone,
 * the whole household file for admins and accountants.
 */
@RestController
class CardsController {

	private static final MediaType SVG = MediaType.parseMediaType("image/svg+xml");

	private final HouseholdCards cards;

	CardsController(HouseholdCards cards) {
		this.cards = cards;
	}

	@Tag(name = "storefront")
	@Operation(summary = "A household card's public page: only what the household agreed to show")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "404", description = "NOT_FOUND: no household card has the code",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping("/api/v1/storefront/households/{cardCode}")
	Mono<PublicHousehold> household(@PathVariable String cardCode) {
		return this.cards.publicPage(cardCode);
	}

	@Tag(name = "storefront")
	@Operation(summary = "The household card's QR code, linking to its public page",
			description = "format is svg (scales for print) or png (480 px)")
	@ApiResponse(responseCode = "200", description = "an SVG or PNG image",
			content = { @Content(mediaType = "image/svg+xml"), @Content(mediaType = "image/png") })
	@ApiResponse(responseCode = "404",
			description = "NOT_FOUND: no household card has the code, or the format is neither svg nor png",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping(path = "/api/v1/storefront/households/{cardCode}/qr.{format}",
			produces = { "image/svg+xml", "image/png" })
	Mono<ResponseEntity<byte[]>> householdCode(@PathVariable String cardCode, @PathVariable String format) {
		return image(format, (svg) -> this.cards.householdCode(cardCode, svg));
	}

	@Tag(name = "storefront")
	@Operation(summary = "A goods label's QR code, linking to the traceability page",
			description = "format is svg (scales for print) or png (480 px)")
	@ApiResponse(responseCode = "200", description = "an SVG or PNG image",
			content = { @Content(mediaType = "image/svg+xml"), @Content(mediaType = "image/png") })
	@ApiResponse(responseCode = "404",
			description = "NOT_FOUND: no stock receipt has the traceability code, or the format is neither svg nor png",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping(path = "/api/v1/storefront/trace/{code}/qr.{format}", produces = { "image/svg+xml", "image/png" })
	Mono<ResponseEntity<byte[]>> traceCode(@PathVariable String code, @PathVariable String format) {
		return image(format, (svg) -> this.cards.traceCode(code, svg));
	}

	@Tag(name = "accounting")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "The whole household file behind a card (一户一档), for admins and accountants")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "404", description = "NOT_FOUND: no household card has the code",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping("/api/v1/accounting/households/{cardCode}")
	Mono<HouseholdFile> file(@PathVariable String cardCode) {
		return this.cards.file(cardCode);
	}

	@Tag(name = "accounting")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "The whole household file of a member household, for admins and accountants")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "404", description = "NOT_FOUND: no such member household",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping("/api/v1/accounting/members/{memberId}/file")
	Mono<HouseholdFile> memberFile(@PathVariable UUID memberId) {
		return this.cards.file(memberId);
	}

	private static Mono<ResponseEntity<byte[]>> image(String format,
			java.util.function.Function<Boolean, Mono<byte[]>> code) {
		boolean svg = "svg".equals(format);
		if (!svg && !"png".equals(format)) {
			return Mono.error(new NotFound("image format", format));
		}
		return code.apply(svg)
			.map((image) -> ResponseEntity.ok()
				.contentType(svg ? SVG : MediaType.IMAGE_PNG)
				.cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePublic())
				.body(image));
	}

}
