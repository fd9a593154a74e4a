package coop.litang.cooplive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each module owns its tables, and no module's SQL names another's: the owners are the
 * table under "Tables by module" in {@code docs/architecture.md}, read here, so the
 * document and the check cannot drift apart. Every table the migrations create must be in
 * it, and each migration changes the tables of one module.
 */
class TableOwnershipTests {

	static final Path ARCHITECTURE = Path.of("docs/architecture.md");

	static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

	static final Path MODULES = Path.of("src/main/java/coop/litang/cooplive");

	// migrations that landed touching two modules' tables; they are never edited
	private static final Map<String, Set<String>> LANDED_ACROSS_MODULES = Map.of("V8__audit_log.sql",
			Set.of("shared", "dividends"), "V9__member_accounts.sql", Set.of("dividends", "members"),
			"V11__payments.sql", Set.of("payments", "ordering"));

	private static final Pattern CREATE_TABLE = Pattern.compile(
			"(?i)\\bcreate\\s+(?:(?:unlogged|temp|temporary)\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?(?:\"?\\w+\"?\\.)?\"?(\\w+)");

	private final Map<String, String> owners = owners(read(ARCHITECTURE));

	@Test
	void everyTableTheMigrationsCreateHasAnOwner() {
		List<String> unowned = new ArrayList<>();
		migrations().forEach((migration, script) -> created(script).stream()
			.filter((table) -> !this.owners.containsKey(table))
			.forEach((table) -> unowned.add(migration.getFileName() + " creates " + table)));
		assertThat(unowned)
			.withFailMessage(listing("Tables missing from \"Tables by module\" in " + ARCHITECTURE, unowned))
			.isEmpty();
	}

	@Test
	void everyOwnedTableIsCreatedByAMigration() {
		Set<String> created = migrations().values()
			.stream()
			.flatMap((script) -> created(script).stream())
			.collect(Collectors.toSet());
		List<String> stale = this.owners.keySet().stream().filter((table) -> !created.contains(table)).toList();
		assertThat(stale)
			.withFailMessage(
					listing("Tables of \"Tables by module\" in " + ARCHITECTURE + " no migration creates", stale))
			.isEmpty();
	}

	@Test
	void eachMigrationChangesTheTablesOfOneModule() {
		SqlTables scanner = new SqlTables(this.owners.keySet());
		List<String> mixed = new ArrayList<>();
		migrations().forEach((migration, script) -> {
			Map<String, Set<String>> byModule = new TreeMap<>();
			scanner.inSql(script)
				.forEach((mention) -> byModule.computeIfAbsent(this.owners.get(mention.table()), (m) -> new TreeSet<>())
					.add(mention.table()));
			String name = migration.getFileName().toString();
			if (byModule.size() > 1 && !byModule.keySet().equals(LANDED_ACROSS_MODULES.get(name))) {
				mixed.add(name + " changes the tables of " + byModule);
			}
		});
		assertThat(mixed).withFailMessage(listing("Migrations changing the tables of more than one module", mixed))
			.isEmpty();
	}

	@Test
	void modulesNameOnlyTheirOwnTablesInSql() throws IOException {
		List<Violation> violations = new ArrayList<>();
		try (Stream<Path> modules = Files.list(MODULES)) {
			for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
				try (Stream<Path> files = Files.walk(module)) {
					for (Path file : files.filter((path) -> path.toString().endsWith(".java")).sorted().toList()) {
						violations.addAll(
								violations(module.getFileName().toString(), file.toString(), read(file), this.owners));
					}
				}
			}
		}
		assertThat(violations)
			.withFailMessage(
					listing("SQL naming another module's tables (owners: \"Tables by module\" in " + ARCHITECTURE + ")",
							violations))
			.isEmpty();
	}

	private static String listing(String title, List<?> items) {
		return items.stream()
			.map((item) -> "  " + item)
			.distinct()
			.collect(Collectors.joining("\n", title + ":\n", ""));
	}

	/** A module's SQL naming a table another module owns. */
	record Violation(String module, String file, int line, String table, String owner) {

		@Override
		public String toString() {
			return this.module + ": " + this.file + ":" + this.line + " names " + this.table + " (owned by "
					+ this.owner + ")";
		}

	}

	/** The tables of other modules that a module's Java source names in its SQL. */
	static List<Violation> violations(String module, String file, String source, Map<String, String> owners) {
		return new SqlTables(owners.keySet()).inJava(source)
			.stream()
			.filter((mention) -> !module.equals(owners.get(mention.table())))
			.map((mention) -> new Violation(module, file, mention.line(), mention.table(), owners.get(mention.table())))
			.sorted(Comparator.comparingInt(Violation::line).thenComparing(Violation::table))
			.toList();
	}

	/**
	 * The owner of each table: the first markdown table after the words "Tables by
	 * module", a module in the first column and its tables, in backticks, in the second.
	 */
	static Map<String, String> owners(String markdown) {
		List<String> lines = markdown.lines().toList();
		int at = 0;
		while (at < lines.size() && !lines.get(at).contains("Tables by module")) {
			at++;
		}
		while (at < lines.size() && !lines.get(at).strip().startsWith("|")) {
			at++;
		}
		Map<String, String> owners = new LinkedHashMap<>();
		// the header row and the separator row first
		for (int row = at + 2; row < lines.size() && lines.get(row).strip().startsWith("|"); row++) {
			String[] cells = lines.get(row).split("\\|");
			String module = cells[1].strip();
			Matcher table = Pattern.compile("`(\\w+)`").matcher(cells[2]);
			while (table.find()) {
				String previous = owners.put(table.group(1).toLowerCase(Locale.ROOT), module);
				if (previous != null) {
					throw new IllegalStateException(table.group(1) + " is owned by " + previous + " and " + module);
				}
			}
		}
		if (owners.isEmpty()) {
			throw new IllegalStateException("no table of tables under \"Tables by module\" in " + ARCHITECTURE);
		}
		return owners;
	}

	static Set<String> created(String script) {
		Set<String> tables = new TreeSet<>();
		Matcher create = CREATE_TABLE.matcher(script.replaceAll("--[^\\n]*", ""));
		while (create.find()) {
			tables.add(create.group(1).toLowerCase(Locale.ROOT));
		}
		return tables;
	}

	private static Map<Path, String> migrations() {
		try (Stream<Path> files = Files.list(MIGRATIONS)) {
			Map<Path, String> scripts = new TreeMap<>();
			files.filter((file) -> file.toString().endsWith(".sql")).forEach((file) -> scripts.put(file, read(file)));
			assertThat(scripts).as("migrations in %s", MIGRATIONS).isNotEmpty();
			return scripts;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
