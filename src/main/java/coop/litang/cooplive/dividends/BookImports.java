package coop.litang.cooplive.dividends;

import java.time.Instant;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Imported files in PostgreSQL, once each by kind and content hash.
 */
@Repository
class BookImports {

	private final DatabaseClient db;

	BookImports(DatabaseClient db) {
		this.db = db;
	}

	Mono<ImportView> find(ImportKind kind, String sha256) {
		return this.db.sql("SELECT * FROM book_import WHERE kind = :kind AND file_sha256 = :sha")
			.bind("kind", kind.name())
			.bind("sha", sha256)
			.map(BookImports::toView)
			.first();
	}

	/**
	 * Records a file; zero rows when the same file was recorded meanwhile (a concurrent
	 * twin waits here for the first to commit).
	 */
	Mono<Long> insert(UUID id, ImportKind kind, String fileName, String sha256, int rows, String actor, Instant now) {
		return this.db.sql("INSERT INTO book_import (id, kind, file_name, file_sha256, rows, imported_at, imported_by) "
				+ "VALUES (:id, :kind, :name, :sha, :rows, :now, :actor) ON CONFLICT (kind, file_sha256) DO NOTHING")
			.bind("id", id)
			.bind("kind", kind.name())
			.bind("name", fileName)
			.bind("sha", sha256)
			.bind("rows", rows)
			.bind("now", now)
			.bind("actor", actor)
			.fetch()
			.rowsUpdated();
	}

	private static ImportView toView(Readable row) {
		return new ImportView(row.get("id", UUID.class), ImportKind.valueOf(row.get("kind", String.class)),
				row.get("file_name", String.class), row.get("file_sha256", String.class),
				row.get("rows", Integer.class), row.get("imported_by", String.class),
				row.get("imported_at", Instant.class), false);
	}

}
