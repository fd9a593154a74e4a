package coop.litang.cooplive.inventory;

import java.util.UUID;

import coop.litang.cooplive.shared.Page;
import coop.litang.cooplive.shared.PageQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Stock receipts, levels, the ledger and adjustments for admins; traceability for buyers.
 */
@RestController
class InventoryController {

	private final InventoryManagement inventory;

	InventoryController(InventoryManagement inventory) {
		this.inventory = inventory;
	}

	@Tag(name = "storefront")
	@Operation(summary = "Where goods with this traceability code come from")
	@GetMapping("/api/v1/storefront/trace/{code}")
	Mono<TraceView> trace(@PathVariable String code) {
		return this.inventory.trace(code);
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Record produce delivered by a supplier member",
			description = "deliveredOn (Litang's calendar, today when left out) decides the fiscal year the delivery "
					+ "counts in; it may be recorded later, but never into a closed year.")
	@ApiResponse(responseCode = "409",
			description = "BOOKS_CLOSED (field deliveredOn): the delivery day lies in a closed fiscal year",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/admin/stock-receipts")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<StockReceiptView> receive(@Valid @RequestBody ReceiveStock command, @AuthenticationPrincipal Jwt jwt) {
		return this.inventory.receive(command, jwt.getSubject());
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Stock receipts, newest first")
	@GetMapping("/api/v1/admin/stock-receipts")
	Mono<Page<StockReceiptView>> receipts(@RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return this.inventory.receipts(PageQuery.of(page, size));
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Stock levels of all SKUs: on hand, reserved and available")
	@GetMapping("/api/v1/admin/stock")
	Mono<Page<StockLevelView>> levels(@RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return this.inventory.levels(PageQuery.of(page, size));
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "One SKU's stock level")
	@GetMapping("/api/v1/admin/stock/{skuId}")
	Mono<StockLevelView> level(@PathVariable UUID skuId) {
		return this.inventory.level(skuId);
	}

	@Tag(name = "host")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "A SKU's stock level, for a host choosing the quota of a line-up item")
	@GetMapping("/api/v1/host/stock/{skuId}")
	Mono<StockLevelView> hostLevel(@PathVariable UUID skuId) {
		return this.inventory.level(skuId);
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "A SKU's stock movements, newest first")
	@GetMapping("/api/v1/admin/stock/{skuId}/movements")
	Mono<Page<MovementView>> movements(@PathVariable UUID skuId, @RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return this.inventory.movements(skuId, PageQuery.of(page, size));
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Correct the stock on hand after breakage or a recount; a reason is required")
	@ApiResponse(responseCode = "409",
			description = "STOCK_BELOW_RESERVED: the stock on hand would be less than is reserved",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/admin/stock/{skuId}/adjustments")
	@ResponseStatus(HttpStatus.OK)
	Mono<StockLevelView> adjust(@PathVariable UUID skuId, @Valid @RequestBody AdjustStock command,
			@AuthenticationPrincipal Jwt jwt) {
		return this.inventory.adjust(skuId, command, jwt.getSubject());
	}

}
