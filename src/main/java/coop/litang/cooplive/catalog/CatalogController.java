package coop.litang.cooplive.catalog;

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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Products as the storefront shows them, and as admins maintain them.
 */
@RestController
class CatalogController {

	private final CatalogManagement catalog;

	CatalogController(CatalogManagement catalog) {
		this.catalog = catalog;
	}

	@Tag(name = "storefront")
	@Operation(summary = "Active products with their active SKUs, by code, filtered by text")
	@GetMapping("/api/v1/storefront/products")
	Mono<Page<ProductView>> storefrontProducts(@RequestParam(required = false) String q,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		return this.catalog.products(q, true, PageQuery.of(page, size));
	}

	@Tag(name = "storefront")
	@Operation(summary = "One active product by id or code")
	@GetMapping("/api/v1/storefront/products/{idOrCode}")
	Mono<ProductView> storefrontProduct(@PathVariable String idOrCode) {
		return this.catalog.activeProduct(idOrCode);
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "All products, active or not")
	@GetMapping("/api/v1/admin/products")
	Mono<Page<ProductView>> products(@RequestParam(required = false) String q,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		return this.catalog.products(q, false, PageQuery.of(page, size));
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "One product with all its SKUs, active or not")
	@GetMapping("/api/v1/admin/products/{id}")
	Mono<ProductView> product(@PathVariable UUID id) {
		return this.catalog.product(id);
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Create a product with its SKUs; a taken code gets 409")
	@ApiResponse(responseCode = "409",
			description = "DUPLICATE_CODE (field code or skus[i].code): the product code or a SKU code is taken",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/admin/products")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<ProductView> create(@Valid @RequestBody CreateProduct command) {
		return this.catalog.createProduct(command);
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Change a product's names, description or active flag")
	@PutMapping("/api/v1/admin/products/{id}")
	Mono<ProductView> update(@PathVariable UUID id, @Valid @RequestBody UpdateProduct command) {
		return this.catalog.updateProduct(id, command);
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Take a product off the storefront")
	@PostMapping("/api/v1/admin/products/{id}/deactivate")
	Mono<ProductView> deactivate(@PathVariable UUID id) {
		return this.catalog.deactivateProduct(id);
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Add a SKU to a product; a taken SKU code gets 409")
	@ApiResponse(responseCode = "409", description = "DUPLICATE_CODE (field code): the SKU code is taken",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/admin/products/{id}/skus")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<SkuView> addSku(@PathVariable UUID id, @Valid @RequestBody NewSku command) {
		return this.catalog.addSku(id, command);
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Change a SKU's unit, grade, list price or active flag")
	@PutMapping("/api/v1/admin/skus/{id}")
	Mono<SkuView> updateSku(@PathVariable UUID id, @Valid @RequestBody UpdateSku command) {
		return this.catalog.updateSku(id, command);
	}

}
