package coop.litang.cooplive;

import java.util.Map;

import coop.litang.cooplive.SqlTables.Mention;
import coop.litang.cooplive.TableOwnershipTests.Violation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlTablesTests {

	private static final Map<String, String> OWNERS = Map.of("orders", "ordering", "order_line", "ordering",
			"lineup_item", "livestream", "buyer_claim", "livestream", "village", "members");

	private final SqlTables tables = new SqlTables(OWNERS.keySet());

	@Test
	void findsAnotherModulesTableInAModulesSqlAndNothingElse() {
		String source = """
				class Orders {
					// the order from village 3: SELECT * FROM village
					/* UPDATE lineup_item SET sold = 0 */
					Mono<Void> save() {
						log.info("an order from village 3 of the township, into orders");
						return db.sql("INSERT INTO orders (id) VALUES (:id)")
							.then(db.sql("INSERT INTO order_line (order_id) VALUES (:id)"))
							.then(db.sql("UPDATE lineup_item SET sold = sold + 1 WHERE id = :item"));
					}
				}
				""";
		assertThat(TableOwnershipTests.violations("ordering", "Orders.java", source, OWNERS))
			.containsExactly(new Violation("ordering", "Orders.java", 8, "lineup_item", "livestream"));
		assertThat(TableOwnershipTests.violations("livestream", "Sessions.java",
				"String sql = \"UPDATE lineup_item SET sold = 0\";", OWNERS))
			.isEmpty();
	}

	@Test
	void findsATableAcrossLiteralsJoinedWithPlus() {
		String source = """
				db.sql("SELECT units FROM "
						+ "buyer_claim WHERE phone = :phone")
				db.sql("WITH room AS (SELECT id FROM orders) UPDATE "
						+ ITEMS + " SET sold = 1")
				static final String ITEMS = "lineup_item";
				""";
		assertThat(this.tables.inJava(source)).containsExactly(new Mention("buyer_claim", 2), new Mention("orders", 3),
				new Mention("lineup_item", 5));
	}

	@Test
	void matchesWholeNamesInAnyCase() {
		assertThat(this.tables.inJava("""
				db.sql("select * from ORDER_LINE l join Orders o on o.id = l.order_id");
				db.sql("SELECT * FROM orders_archive, order_lines WHERE orders_archive.order = 'order'");
				db.sql("SELECT * FROM \\"orders\\" o, public.lineup_item i");
				""")).containsExactly(new Mention("order_line", 1), new Mention("orders", 1), new Mention("orders", 3),
				new Mention("lineup_item", 3));
	}

	@Test
	void readsTextBlocksAndIgnoresQuotesInCharsAndComments() {
		String source = "char quote = '\"'; // \"SELECT * FROM orders\"\n" + "String sql = \"\"\"\n"
				+ "		SELECT *\n" + "		FROM buyer_claim \\\"\"\" x\n" + "		\"\"\";\n";
		assertThat(this.tables.inJava(source)).containsExactly(new Mention("buyer_claim", 4));
	}

	@Test
	void inSqlScriptsSkipsCommentsStringsAndForeignKeys() {
		String script = """
				-- ordering: orders, read FROM lineup_item
				CREATE TABLE order_line (
				    item uuid REFERENCES lineup_item (id),
				    note text DEFAULT 'from buyer_claim'
				);
				CREATE INDEX order_line_item_idx ON order_line (item);
				ALTER TABLE orders ADD COLUMN x int;
				""";
		assertThat(this.tables.inSql(script)).containsExactly(new Mention("order_line", 2),
				new Mention("order_line", 6), new Mention("orders", 7));
	}

	@Test
	void readsTheOwnersFromTheTableUnderTablesByModule() {
		String markdown = """
				| earlier | `table` |

				Money columns are `bigint` fen. Tables by module:

				| module | tables |
				|---|---|
				| ordering | `orders` (with refunded amounts), `order_line` |
				| livestream | `lineup_item` |

				| later | `table` |
				""";
		assertThat(TableOwnershipTests.owners(markdown)).containsExactly(Map.entry("orders", "ordering"),
				Map.entry("order_line", "ordering"), Map.entry("lineup_item", "livestream"));
	}

	@Test
	void readsTheTablesAMigrationCreates() {
		assertThat(TableOwnershipTests.created("""
				-- CREATE TABLE gone
				CREATE TABLE IF NOT EXISTS orders (id uuid);
				create table Order_Line (id uuid REFERENCES orders (id));
				ALTER TABLE lineup_item ADD COLUMN x int;
				""")).containsExactly("order_line", "orders");
	}

}
