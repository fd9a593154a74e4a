package coop.litang.cooplive.catalog;

import java.time.Clock;
import java.util.UUID;

import coop.litang.cooplive.shared.Conflict;
import coop.litang.cooplive.shared.NotFound;
import coop.litang.cooplive.shared.Page;
import coop.litang.cooplive.shared.PageQuery;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The catalog's API: products and SKUs, their codes, names and list prices.
 */
@Service
public class CatalogManagement {

	private final Products products;

	private final Clock clock;

	CatalogManagement(Products products, Clock clock) {
		this.products = products;
		this.clock = clock;
	}

	/**
	 * Creates a product and its SKUs in one transaction.
	 * @return the product as stored
	 * @throws Conflict {@code DUPLICATE_CODE} when the product code or a SKU code is
	 * taken
	 */
	@Transactional
	public Mono<ProductView> createProduct(CreateProduct command) {
		UUID id = UUID.randomUUID();
		var now = this.clock.instant();
		long distinct = command.skus().stream().map(NewSku::code).distinct().count();
		if (distinct != command.skus().size()) {
			return Mono.error(new Conflict("DUPLICATE_CODE", "SKU codes repeat within the request", "skus"));
		}
		return refuseTaken(this.products.productCodeTaken(command.code()), "product code " + command.code(), "code")
			.thenMany(Flux.fromIterable(command.skus()))
			.concatMap((sku) -> refuseTaken(this.products.skuCodeTaken(sku.code()), "SKU code " + sku.code(), "skus"))
			.then(this.products.insert(id, command, now))
			.thenMany(Flux.fromIterable(command.skus()))
			.concatMap((sku) -> this.products.insertSku(UUID.randomUUID(), id, sku, now))
			.then(Mono.defer(() -> this.products.findById(id, false)));
	}

	/**
	 * Changes a product's names, description and active flag.
	 * @throws NotFound for an unknown product
	 */
	@Transactional
	public Mono<ProductView> updateProduct(UUID id, UpdateProduct command) {
		return this.products.update(id, command, this.clock.instant())
			.flatMap((rows) -> (rows == 0) ? Mono.error(new NotFound("product", id))
					: this.products.findById(id, false));
	}

	/**
	 * Takes a product off the storefront; its SKUs stay as they are.
	 * @throws NotFound for an unknown product
	 */
	@Transactional
	public Mono<ProductView> deactivateProduct(UUID id) {
		return product(id)
			.flatMap((p) -> updateProduct(id, new UpdateProduct(p.nameZh(), p.nameEn(), p.description(), false)));
	}

	/**
	 * Adds a SKU to a product.
	 * @throws NotFound for an unknown product
	 * @throws Conflict {@code DUPLICATE_CODE} when the SKU code is taken
	 */
	@Transactional
	public Mono<SkuView> addSku(UUID productId, NewSku command) {
		UUID id = UUID.randomUUID();
		return product(productId)
			.then(refuseTaken(this.products.skuCodeTaken(command.code()), "SKU code " + command.code(), "code"))
			.then(this.products.insertSku(id, productId, command, this.clock.instant()))
			.then(Mono.defer(() -> this.products.findSku(id)));
	}

	/**
	 * Changes a SKU's unit, grade, list price and active flag.
	 * @throws NotFound for an unknown SKU
	 */
	@Transactional
	public Mono<SkuView> updateSku(UUID id, UpdateSku command) {
		return this.products.updateSku(id, command, this.clock.instant())
			.flatMap((rows) -> (rows == 0) ? Mono.error(new NotFound("SKU", id)) : this.products.findSku(id));
	}

	/**
	 * A product with all its SKUs, active or not.
	 * @throws NotFound for an unknown product
	 */
	public Mono<ProductView> product(UUID id) {
		return this.products.findById(id, false).switchIfEmpty(Mono.error(() -> new NotFound("product", id)));
	}

	/**
	 * An active product with its active SKUs, by id or by code, as the storefront shows
	 * it.
	 * @throws NotFound when there is no such active product
	 */
	public Mono<ProductView> activeProduct(String idOrCode) {
		UUID id = parseUuid(idOrCode);
		Mono<ProductView> found = (id != null) ? this.products.findById(id, true)
				: this.products.findByCode(idOrCode, true);
		return found.switchIfEmpty(Mono.error(() -> new NotFound("product", idOrCode)));
	}

	/**
	 * A page of products ordered by code, each with its SKUs.
	 * @param text matched anywhere in code, names, description or SKU codes; may be null
	 * @param activeOnly only active products and SKUs, as the storefront shows them
	 */
	public Mono<Page<ProductView>> products(String text, boolean activeOnly, PageQuery page) {
		String filter = (text == null || text.isBlank()) ? null : text.strip();
		return Page.read(this.products.page(filter, activeOnly, page), this.products.count(filter, activeOnly), page);
	}

	/**
	 * A SKU by its code, active or not.
	 * @throws NotFound for an unknown code
	 */
	public Mono<SkuView> skuByCode(String code) {
		return this.products.findSkuByCode(code).switchIfEmpty(Mono.error(() -> new NotFound("SKU", code)));
	}

	/**
	 * A SKU by its id, active or not.
	 * @throws NotFound for an unknown id
	 */
	public Mono<SkuView> sku(UUID id) {
		return this.products.findSku(id).switchIfEmpty(Mono.error(() -> new NotFound("SKU", id)));
	}

	private static Mono<Void> refuseTaken(Mono<Boolean> taken, String what, String field) {
		return taken.flatMap((isTaken) -> isTaken
				? Mono.error(new Conflict("DUPLICATE_CODE", what + " is taken", field)) : Mono.empty());
	}

	private static UUID parseUuid(String text) {
		try {
			return UUID.fromString(text);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
