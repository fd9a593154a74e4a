package coop.litang.cooplive.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import coop.litang.cooplive.shared.PageQuery;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Products and their SKUs in PostgreSQL.
 */
@Repository
class Products {

	private static final String PRODUCT_COLUMNS = "p.id, p.code, p.name_zh, p.name_en, p.description, p.active";

	private static final String SKU_COLUMNS = "s.id, s.product_id, s.code, s.unit, s.grade, s.list_price_fen, s.active";

	private final DatabaseClient db;

	Products(DatabaseClient db) {
		this.db = db;
	}

	Mono<Void> insert(UUID id, CreateProduct product, Instant now) {
		return this.db
			.sql("INSERT INTO product (id, code, name_zh, name_en, description, active, created_at, updated_at) "
					+ "VALUES (:id, :code, :nameZh, :nameEn, :description, true, :now, :now)")
			.bind("id", id)
			.bind("code", product.code())
			.bind("nameZh", product.nameZh())
			.bind("nameEn", product.nameEn())
			.bind("description", product.description())
			.bind("now", now)
			.then();
	}

	Mono<Long> update(UUID id, UpdateProduct product, Instant now) {
		return this.db
			.sql("UPDATE product SET name_zh = :nameZh, name_en = :nameEn, description = :description, "
					+ "active = :active, updated_at = :now WHERE id = :id")
			.bind("id", id)
			.bind("nameZh", product.nameZh())
			.bind("nameEn", product.nameEn())
			.bind("description", product.description())
			.bind("active", product.active())
			.bind("now", now)
			.fetch()
			.rowsUpdated();
	}

	Mono<Void> insertSku(UUID id, UUID productId, NewSku sku, Instant now) {
		return this.db
			.sql("INSERT INTO sku (id, product_id, code, unit, grade, list_price_fen, active, created_at, updated_at) "
					+ "VALUES (:id, :productId, :code, :unit, :grade, :price, true, :now, :now)")
			.bind("id", id)
			.bind("productId", productId)
			.bind("code", sku.code())
			.bind("unit", sku.unit().name())
			.bind("grade", (sku.grade() != null) ? sku.grade() : "")
			.bind("price", sku.listPriceFen())
			.bind("now", now)
			.then();
	}

	Mono<Long> updateSku(UUID id, UpdateSku sku, Instant now) {
		return this.db
			.sql("UPDATE sku SET unit = :unit, grade = :grade, list_price_fen = :price, active = :active, "
					+ "updated_at = :now WHERE id = :id")
			.bind("id", id)
			.bind("unit", sku.unit().name())
			.bind("grade", (sku.grade() != null) ? sku.grade() : "")
			.bind("price", sku.listPriceFen())
			.bind("active", sku.active())
			.bind("now", now)
			.fetch()
			.rowsUpdated();
	}

	Mono<Boolean> productCodeTaken(String code) {
		return exists("SELECT 1 FROM product WHERE code = :code", code);
	}

	Mono<Boolean> skuCodeTaken(String code) {
		return exists("SELECT 1 FROM sku WHERE code = :code", code);
	}

	private Mono<Boolean> exists(String sql, String code) {
		return this.db.sql(sql).bind("code", code).map((row) -> true).first().defaultIfEmpty(false);
	}

	Mono<ProductView> findById(UUID id, boolean activeOnly) {
		return findOne("p.id = :ref", id, activeOnly);
	}

	Mono<ProductView> findByCode(String code, boolean activeOnly) {
		return findOne("p.code = :ref", code, activeOnly);
	}

	private Mono<ProductView> findOne(String condition, Object reference, boolean activeOnly) {
		String sql = "SELECT " + PRODUCT_COLUMNS + " FROM product p WHERE " + condition
				+ (activeOnly ? " AND p.active" : "");
		return this.db.sql(sql)
			.bind("ref", reference)
			.map(Products::product)
			.all()
			.collectList()
			.flatMapMany((products) -> withSkus(products, activeOnly))
			.next();
	}

	Mono<SkuView> findSku(UUID id) {
		return this.db.sql("SELECT " + SKU_COLUMNS + " FROM sku s WHERE s.id = :id")
			.bind("id", id)
			.map(Products::sku)
			.first();
	}

	Mono<SkuView> findSkuByCode(String code) {
		return this.db.sql("SELECT " + SKU_COLUMNS + " FROM sku s WHERE s.code = :code")
			.bind("code", code)
			.map(Products::sku)
			.first();
	}

	Flux<ProductView> page(String text, boolean activeOnly, PageQuery page) {
		String sql = "SELECT " + PRODUCT_COLUMNS + " FROM product p" + where(text, activeOnly)
				+ " ORDER BY p.code LIMIT :limit OFFSET :offset";
		var spec = bindText(this.db.sql(sql), text).bind("limit", page.size()).bind("offset", page.offset());
		return spec.map(Products::product)
			.all()
			.collectList()
			.flatMapMany((products) -> withSkus(products, activeOnly));
	}

	Mono<Long> count(String text, boolean activeOnly) {
		String sql = "SELECT count(*) FROM product p" + where(text, activeOnly);
		return bindText(this.db.sql(sql), text).map((row) -> row.get(0, Long.class)).one();
	}

	private static String where(String text, boolean activeOnly) {
		List<String> conditions = new ArrayList<>();
		if (activeOnly) {
			conditions.add("p.active");
		}
		if (text != null) {
			conditions.add("(p.code ILIKE :text OR p.name_zh ILIKE :text OR p.name_en ILIKE :text "
					+ "OR p.description ILIKE :text "
					+ "OR EXISTS (SELECT 1 FROM sku s WHERE s.product_id = p.id AND s.code ILIKE :text))");
		}
		return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
	}

	private static DatabaseClient.GenericExecuteSpec bindText(DatabaseClient.GenericExecuteSpec spec, String text) {
		if (text == null) {
			return spec;
		}
		String escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
		return spec.bind("text", "%" + escaped + "%");
	}

	private Flux<ProductView> withSkus(List<ProductView> products, boolean activeOnly) {
		if (products.isEmpty()) {
			return Flux.empty();
		}
		UUID[] ids = products.stream().map(ProductView::id).toArray(UUID[]::new);
		String sql = "SELECT " + SKU_COLUMNS + " FROM sku s WHERE s.product_id = ANY(:ids)"
				+ (activeOnly ? " AND s.active" : "") + " ORDER BY s.code";
		return this.db.sql(sql).bind("ids", ids).map(Products::sku).all().collectList().flatMapMany((skus) -> {
			Map<UUID, List<SkuView>> byProduct = new LinkedHashMap<>();
			skus.forEach((sku) -> byProduct.computeIfAbsent(sku.productId(), (k) -> new ArrayList<>()).add(sku));
			return Flux.fromIterable(products)
				.map((p) -> new ProductView(p.id(), p.code(), p.nameZh(), p.nameEn(), p.description(), p.active(),
						List.copyOf(byProduct.getOrDefault(p.id(), List.of()))));
		});
	}

	private static ProductView product(Readable row) {
		return new ProductView(row.get("id", UUID.class), row.get("code", String.class),
				row.get("name_zh", String.class), row.get("name_en", String.class),
				row.get("description", String.class), Boolean.TRUE.equals(row.get("active", Boolean.class)), List.of());
	}

	private static SkuView sku(Readable row) {
		return new SkuView(row.get("id", UUID.class), row.get("product_id", UUID.class), row.get("code", String.class),
				Unit.valueOf(row.get("unit", String.class)), row.get("grade", String.class),
				row.get("list_price_fen", Long.class), Boolean.TRUE.equals(row.get("active", Boolean.class)));
	}

}
