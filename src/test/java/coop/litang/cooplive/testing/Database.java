package coop.litang.cooplive.testing;

import java.time.Duration;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Reads the test database directly, so assertions check what was stored rather than what
 * the API says.
 */
public final class Database {

	private Database() {
	}

	/** The number of rows in a table. */
	public static long count(DatabaseClient db, String table) {
		return db.sql("SELECT count(*) FROM " + table)
			.map((row) -> row.get(0, Long.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

}
