package coop.litang.cooplive.dividends;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import coop.litang.cooplive.members.BooksClosure;
import coop.litang.cooplive.members.ContributionSource;
import coop.litang.cooplive.members.NewContribution;
import coop.litang.cooplive.members.ShareholderView;
import coop.litang.cooplive.shared.Money;

/**
 * Checks the rows of a capital file: the shareholder (a member number or a village's
 * code), the day, the amount (a withdrawal is negative and never exceeds the capital,
 * counting the file's earlier rows) and the source.
 */
final class CapitalImport {

	/** A row as a contribution, with its number in the file. */
	record Checked(int row, UUID shareholderId, NewContribution contribution) {
	}

	private CapitalImport() {
	}

	static List<Checked> check(List<ImportFile.Line> lines, Map<String, ShareholderView> shareholders,
			BooksClosure closure, LocalDate today, String fileName, List<ImportFile.Problem> problems) {
		List<Checked> checked = new ArrayList<>();
		Map<UUID, Long> capital = new HashMap<>();
		for (ImportFile.Line line : lines) {
			int row = line.number();
			int before = problems.size();
			String key = line.get("shareholder");
			ShareholderView holder = shareholders.get(key);
			if (holder == null) {
				holder = shareholders.get(key.toUpperCase(Locale.ROOT));
			}
			if (holder == null) {
				problems.add(new ImportFile.Problem(row, "shareholder",
						key.isEmpty() ? "required" : "no shareholder is member number or village code " + key
								+ " (register it as a shareholder first)"));
			}
			LocalDate day = null;
			try {
				day = ImportFile.day(line.get("contributedOn"));
				if (day.isAfter(today)) {
					problems.add(new ImportFile.Problem(row, "contributedOn", "must not be in the future"));
				}
				else if (!closure.admits(day)) {
					problems.add(new ImportFile.Problem(row, "contributedOn", "the books are closed through "
							+ closure.through() + ": " + day + " belongs to a closed fiscal year"));
				}
			}
			catch (IllegalArgumentException ex) {
				problems.add(new ImportFile.Problem(row, "contributedOn",
						line.get("contributedOn").isEmpty() ? "required" : ex.getMessage()));
			}
			Long amountFen = null;
			try {
				amountFen = Money.parseYuan(line.get("amountYuan")).fen();
				if (amountFen == 0) {
					problems.add(new ImportFile.Problem(row, "amountYuan", "must not be zero"));
				}
			}
			catch (IllegalArgumentException ex) {
				problems.add(new ImportFile.Problem(row, "amountYuan",
						line.get("amountYuan").isEmpty() ? "required" : ex.getMessage()));
			}
			ContributionSource source = ContributionSource.OTHER;
			if (!line.get("source").isEmpty()) {
				try {
					source = ContributionSource.valueOf(line.get("source").toUpperCase(Locale.ROOT));
				}
				catch (IllegalArgumentException ex) {
					problems.add(new ImportFile.Problem(row, "source",
							"one of VILLAGE_REVOLVING_FUND, POVERTY_HOUSEHOLD_ASSET, OTHER"));
				}
			}
			String note = line.get("note");
			if (note.length() > 500) {
				problems.add(new ImportFile.Problem(row, "note", "at most 500 characters"));
			}
			if (holder != null && amountFen != null) {
				long after = capital.getOrDefault(holder.id(), holder.capitalFen()) + amountFen;
				if (after < 0) {
					problems.add(
							new ImportFile.Problem(row, "amountYuan", "a withdrawal cannot exceed the capital paid in ("
									+ Money.fen(after - amountFen).decimal() + " yuan)"));
				}
				else {
					capital.put(holder.id(), after);
				}
			}
			if (problems.size() == before) {
				checked.add(new Checked(row, holder.id(),
						new NewContribution(amountFen, day, source, note.isEmpty() ? fileName + " row " + row : note)));
			}
		}
		return checked;
	}

}
