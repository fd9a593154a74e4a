package coop.litang.cooplive.dividends;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import coop.litang.cooplive.members.BooksClosure;
import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.shared.Money;

/**
 * Checks the rows of a deliveries file: every row's member, day and amounts, so that the
 * file is recorded whole or not at all, with every problem named by row and column.
 */
final class DeliveryImport {

	/** A row as an entry, with its number in the file. */
	record Checked(int row, NewVolumeEntry entry) {
	}

	private DeliveryImport() {
	}

	/** Member numbers the rows name, for looking them up at once. */
	static List<Long> memberNumbers(List<ImportFile.Line> lines) {
		List<Long> numbers = new ArrayList<>();
		for (ImportFile.Line line : lines) {
			try {
				numbers.add(Long.parseLong(line.get("memberNumber")));
			}
			catch (NumberFormatException ex) {
				// named as a problem by check
			}
		}
		return numbers;
	}

	static List<Checked> check(List<ImportFile.Line> lines, Map<Long, MemberView> members, BooksClosure closure,
			LocalDate today, String fileName, List<ImportFile.Problem> problems) {
		List<Checked> checked = new ArrayList<>();
		for (ImportFile.Line line : lines) {
			int row = line.number();
			int before = problems.size();
			MemberView member = null;
			try {
				member = members.get(Long.parseLong(line.get("memberNumber")));
				if (member == null) {
					problems.add(new ImportFile.Problem(row, "memberNumber",
							"no member household has the number " + line.get("memberNumber")));
				}
			}
			catch (NumberFormatException ex) {
				problems.add(new ImportFile.Problem(row, "memberNumber", line.get("memberNumber").isEmpty() ? "required"
						: "a member number is a whole number, such as 1001"));
			}
			LocalDate day = null;
			try {
				day = ImportFile.day(line.get("deliveredOn"));
				if (day.isAfter(today)) {
					problems.add(new ImportFile.Problem(row, "deliveredOn", "must not be in the future"));
				}
				else if (!closure.admits(day)) {
					problems.add(new ImportFile.Problem(row, "deliveredOn", "the books are closed through "
							+ closure.through() + ": " + day + " belongs to a closed fiscal year"));
				}
			}
			catch (IllegalArgumentException ex) {
				problems.add(new ImportFile.Problem(row, "deliveredOn",
						line.get("deliveredOn").isEmpty() ? "required" : ex.getMessage()));
			}
			long quantity = 0;
			if (!line.get("quantity").isEmpty()) {
				try {
					quantity = Long.parseLong(line.get("quantity").replace(",", ""));
				}
				catch (NumberFormatException ex) {
					problems.add(new ImportFile.Problem(row, "quantity", "a quantity is a whole number of units"));
				}
			}
			long amountFen = 0;
			try {
				amountFen = Money.parseYuan(line.get("amountYuan")).fen();
			}
			catch (IllegalArgumentException ex) {
				problems.add(new ImportFile.Problem(row, "amountYuan",
						line.get("amountYuan").isEmpty() ? "required" : ex.getMessage()));
			}
			if (problems.size() == before && quantity == 0 && amountFen == 0) {
				problems.add(new ImportFile.Problem(row, "amountYuan", "a row needs an amount or a quantity"));
			}
			String description = line.get("description");
			String reference = line.get("reference");
			if (description.length() > 200) {
				problems.add(new ImportFile.Problem(row, "description", "at most 200 characters"));
			}
			if (reference.length() > 200) {
				problems.add(new ImportFile.Problem(row, "reference", "at most 200 characters"));
			}
			if (problems.size() == before) {
				checked.add(new Checked(row,
						new NewVolumeEntry(member.id(), day, quantity, amountFen,
								description.isEmpty() ? "导入 imported" : description,
								reference.isEmpty() ? fileName + " row " + row : reference)));
			}
		}
		return checked;
	}

}
