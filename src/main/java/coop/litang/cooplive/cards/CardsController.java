package coop.litang.cooplive.cards;

import java.time.Duration;
import java.util.UUID;

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
	@Operation(summary = "The household card's QR code (SVG), linking to its public page")
	@ApiResponse(responseCode = "200", description = "an SVG image", content = @Content(mediaType = "image/svg+xml"))
	@ApiResponse(responseCode = "404", description = "NOT_FOUND: no household card has the code",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping(path = "/api/v1/storefront/households/{cardCode}/qr.svg", produces = "image/svg+xml")
	Mono<ResponseEntity<byte[]>> householdSvg(@PathVariable String cardCode) {
		return this.cards.householdCode(cardCode, true).map((image) -> image(image, SVG));
	}

	@Tag(name = "storefront")
	@Operation(summary = "The household card's QR code (PNG, 480 px), linking to its public page")
	@ApiResponse(responseCode = "200", description = "a PNG image", content = @Content(mediaType = "image/png"))
	@ApiResponse(responseCode = "404", description = "NOT_FOUND: no household card has the code",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping(path = "/api/v1/storefront/households/{cardCode}/qr.png", produces = "image/png")
	Mono<ResponseEntity<byte[]>> householdPng(@PathVariable String cardCode) {
		return this.cards.householdCode(cardCode, false).map((image) -> image(image, MediaType.IMAGE_PNG));
	}

	@Tag(name = "storefront")
	@Operation(summary = "A goods label's QR code (SVG), linking to the traceability page")
	@ApiResponse(responseCode = "200", description = "an SVG image", content = @Content(mediaType = "image/svg+xml"))
	@ApiResponse(responseCode = "404", description = "NOT_FOUND: no stock receipt has the traceability code",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping(path = "/api/v1/storefront/trace/{code}/qr.svg", produces = "image/svg+xml")
	Mono<ResponseEntity<byte[]>> traceSvg(@PathVariable String code) {
		return this.cards.traceCode(code, true).map((image) -> image(image, SVG));
	}

	@Tag(name = "storefront")
	@Operation(summary = "A goods label's QR code (PNG, 480 px), linking to the traceability page")
	@ApiResponse(responseCode = "200", description = "a PNG image", content = @Content(mediaType = "image/png"))
	@ApiResponse(responseCode = "404", description = "NOT_FOUND: no stock receipt has the traceability code",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping(path = "/api/v1/storefront/trace/{code}/qr.png", produces = "image/png")
	Mono<ResponseEntity<byte[]>> tracePng(@PathVariable String code) {
		return this.cards.traceCode(code, false).map((image) -> image(image, MediaType.IMAGE_PNG));
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

	private static ResponseEntity<byte[]> image(byte[] image, MediaType type) {
		return ResponseEntity.ok()
			.contentType(type)
			.cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePublic())
			.body(image);
	}

}
