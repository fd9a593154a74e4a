package coop.litang.cooplive.dividends;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import coop.litang.cooplive.shared.Unprocessable;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A file of rows an accountant imports, read from CSV (UTF-8, with or without a
 * byte-order mark, or GB 18030 as Excel saves it on Chinese Windows) or from Excel
 * {@code .xlsx} (the first sheet). The first row names the columns; a column is known by
 * its key written anywhere in its heading, such as {@code 成员编号 memberNumber}. Blocking:
 * read off the event loop.
 */
final class ImportFile {

	/** The most rows a file may have, beyond its heading. */
	static final int MAX_ROWS = 10_000;

	/** The largest file read. */
	static final int MAX_BYTES = 5 * 1024 * 1024;

	/**
	 * A row's cells by column key, with its number in the file (the heading is row 1).
	 */
	record Line(int number, Map<String, String> cells) {

		String get(String key) {
			String value = this.cells.get(key);
			return (value != null) ? value.strip() : "";
		}

		boolean blank() {
			return this.cells.values().stream().allMatch((value) -> value == null || value.isBlank());
		}

	}

	/** A problem with one cell, or with the file (row 1 for its heading). */
	record Problem(int row, String field, String message) {
	}

	private ImportFile() {
	}

	static boolean isXlsx(String fileName, byte[] content) {
		return (content.length > 1 && content[0] == 'P' && content[1] == 'K')
				|| fileName.toLowerCase(Locale.ROOT).endsWith(".xlsx");
	}

	/**
	 * The file's rows with their cells under the given column keys, blank rows left out.
	 * @throws Unprocessable {@code IMPORT_REFUSED} for a file that cannot be read or
	 * lacks a required column
	 */
	static List<Line> read(String fileName, byte[] content, List<String> keys, List<String> required) {
		List<List<String>> table = isXlsx(fileName, content) ? xlsx(content) : csv(content);
		if (table.isEmpty()) {
			throw refused(List.of(new Problem(1, "file", "the file is empty")));
		}
		List<String> heading = table.get(0);
		Map<Integer, String> columns = new LinkedHashMap<>();
		for (int i = 0; i < heading.size(); i++) {
			String text = heading.get(i).toLowerCase(Locale.ROOT);
			for (String key : keys) {
				if (text.contains(key.toLowerCase(Locale.ROOT)) && !columns.containsValue(key)) {
					columns.put(i, key);
					break;
				}
			}
		}
		List<Problem> missing = required.stream()
			.filter((key) -> !columns.containsValue(key))
			.map((key) -> new Problem(1, key, "no column is headed " + key + ": start from the template"))
			.toList();
		if (!missing.isEmpty()) {
			throw refused(missing);
		}
		if (table.size() - 1 > MAX_ROWS) {
			throw refused(List.of(new Problem(MAX_ROWS + 2, "file", "a file holds at most " + MAX_ROWS + " rows")));
		}
		List<Line> lines = new ArrayList<>();
		for (int r = 1; r < table.size(); r++) {
			List<String> row = table.get(r);
			Map<String, String> cells = new LinkedHashMap<>();
			columns.forEach((index, key) -> cells.put(key, (index < row.size()) ? row.get(index) : ""));
			Line line = new Line(r + 1, cells);
			if (!line.blank()) {
				lines.add(line);
			}
		}
		if (lines.isEmpty()) {
			throw refused(List.of(new Problem(2, "file", "the file has a heading but no rows")));
		}
		return lines;
	}

	static Unprocessable refused(List<Problem> problems) {
		List<Map<String, Object>> rows = problems.stream()
			.<Map<String, Object>>map((p) -> Map.of("row", p.row(), "field", p.field(), "message", p.message()))
			.toList();
		return new Unprocessable(
				"IMPORT_REFUSED", "nothing was imported: " + problems.size()
						+ ((problems.size() == 1) ? " problem" : " problems") + " in the file, listed by row",
				Map.of("rows", rows));
	}

	private static List<List<String>> xlsx(byte[] content) {
		try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(content))) {
			if (workbook.getNumberOfSheets() == 0) {
				return List.of();
			}
			Sheet sheet = workbook.getSheetAt(0);
			List<List<String>> table = new ArrayList<>();
			int last = Math.min(sheet.getLastRowNum(), MAX_ROWS + 1);
			for (int r = 0; r <= last; r++) {
				Row row = sheet.getRow(r);
				List<String> cells = new ArrayList<>();
				if (row != null) {
					for (int c = 0; c < Math.max(0, row.getLastCellNum()); c++) {
						cells.add(text(row.getCell(c)));
					}
				}
				table.add(cells);
			}
			if (sheet.getLastRowNum() > last) {
				table.add(List.of("…"));
			}
			return table;
		}
		catch (IOException | RuntimeException ex) {
			throw refused(List.of(new Problem(1, "file", "not a readable .xlsx workbook")));
		}
	}

	private static String text(Cell cell) {
		if (cell == null) {
			return "";
		}
		CellType type = (cell.getCellType() == CellType.FORMULA) ? cell.getCachedFormulaResultType()
				: cell.getCellType();
		return switch (type) {
			case STRING -> cell.getStringCellValue();
			case BOOLEAN -> Boolean.toString(cell.getBooleanCellValue());
			case NUMERIC ->
				DateUtil.isCellDateFormatted(cell) ? cell.getLocalDateTimeCellValue().toLocalDate().toString()
						: BigDecimal.valueOf(cell.getNumericCellValue()).stripTrailingZeros().toPlainString();
			default -> "";
		};
	}

	private static List<List<String>> csv(byte[] content) {
		String text = decode(content);
		if (text.startsWith("\uFEFF")) {
			text = text.substring(1);
		}
		List<List<String>> table = new ArrayList<>();
		List<String> row = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < text.length(); i++) {
			char ch = text.charAt(i);
			if (quoted) {
				if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
					cell.append('"');
					i++;
				}
				else if (ch == '"') {
					quoted = false;
				}
				else {
					cell.append(ch);
				}
			}
			else if (ch == '"' && cell.isEmpty()) {
				quoted = true;
			}
			else if (ch == ',') {
				row.add(cell.toString());
				cell.setLength(0);
			}
			else if (ch == '\n' || ch == '\r') {
				row.add(cell.toString());
				cell.setLength(0);
				table.add(row);
				row = new ArrayList<>();
				if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
					i++;
				}
				if (table.size() > MAX_ROWS + 1) {
					return table;
				}
			}
			else {
				cell.append(ch);
			}
		}
		if (!cell.isEmpty() || !row.isEmpty()) {
			row.add(cell.toString());
			table.add(row);
		}
		return table;
	}

	private static String decode(byte[] content) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(content))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return new String(content, Charset.forName("GB18030"));
		}
	}

	/**
	 * Cells for a template: the heading and one example row, as CSV with a byte-order
	 * mark.
	 */
	static byte[] csvTemplate(List<String> heading, List<String> example) {
		String text = "\uFEFF" + String.join(",", heading) + "\r\n" + String.join(",", example) + "\r\n";
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** The same as an Excel workbook; dates and amounts as text cells, as typed. */
	static byte[] xlsxTemplate(String sheetName, List<String> heading, List<String> example) {
		try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet sheet = workbook.createSheet(sheetName);
			Row head = sheet.createRow(0);
			Row row = sheet.createRow(1);
			for (int i = 0; i < heading.size(); i++) {
				head.createCell(i).setCellValue(heading.get(i));
				row.createCell(i).setCellValue(example.get(i));
				sheet.setColumnWidth(i, 24 * 256);
			}
			workbook.write(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Reads a day as {@code 2025-12-28} or {@code 2025/12/28}. */
	static LocalDate day(String text) {
		String[] parts = text.strip().split("[-/.]");
		if (parts.length != 3 || parts[0].length() != 4) {
			throw new IllegalArgumentException("a day is written 2025-12-28");
		}
		try {
			return LocalDate.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("no such day: " + text.strip());
		}
	}

}
