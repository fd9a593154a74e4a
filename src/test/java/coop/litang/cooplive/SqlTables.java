package coop.litang.cooplive;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where SQL names one of a set of tables: the table's name, as a whole word and
 * whatever its case, right after {@code FROM}, {@code JOIN}, {@code INTO},
 * {@code UPDATE}, {@code TABLE}, {@code USING}, {@code ON} or {@code TRUNCATE} (and after
 * the commas of a {@code FROM a, b} list). A foreign key's {@code REFERENCES} is not a
 * use of the table.
 * <p>
 * In Java source the SQL is the string literals and text blocks, with the pieces of one
 * expression joined across {@code +}, including the file's own string constants; a piece
 * only counts when it looks like SQL (a statement or a clause starting with
 * {@code FROM}/{@code JOIN}), so prose such as "an order from village 3" is not a use of
 * {@code village}. Comments are ignored. Other operands ({@code " FROM " + table}) are
 * not followed.
 */
final class SqlTables {

	/** A table named on a line (1-based) of a source. */
	record Mention(String table, int line) {
	}

	// the keyword, then ONLY / IF [NOT] EXISTS, then an optionally qualified, optionally
	// quoted name: the last part is the table
	private static final String NAME = "(?:\"?\\w+\"?\\.)?\"?(\\w+)\"?";

	private static final Pattern KEYWORD = Pattern.compile("(?i)\\b(from|join|into|update|table|using|on|truncate)\\s+"
			+ "(?:only\\s+)?(?:if\\s+(?:not\\s+)?exists\\s+)?" + NAME);

	// after a FROM's table: an alias, a comma, the next table
	private static final Pattern NEXT_IN_LIST = Pattern
		.compile("(?i)(?:\\s+(?:as\\s+)?\\w+)?\\s*,\\s*(?:only\\s+)?" + NAME);

	private static final Pattern LOOKS_LIKE_SQL = Pattern
		.compile("(?is)\\bselect\\b.*\\bfrom\\b|\\binsert\\s+into\\b|\\bupdate\\b.*\\bset\\b|\\bdelete\\s+from\\b"
				+ "|\\btruncate\\b|\\b(?:create|alter|drop)\\s+table\\b|^\\s*(?:from|(?:(?:inner|left|right|full|cross)"
				+ "\\s+(?:outer\\s+)?)?join)\\b");

	private final Set<String> tables;

	SqlTables(Collection<String> tables) {
		this.tables = new LinkedHashSet<>();
		tables.forEach((table) -> this.tables.add(table.toLowerCase(Locale.ROOT)));
	}

	/** The tables named by the SQL in a Java source file, in the order they appear. */
	List<Mention> inJava(String source) {
		List<Token> tokens = new Lexer(source).tokens();
		Map<String, Text> constants = new HashMap<>();
		for (int i = 0; i + 2 < tokens.size(); i++) {
			if (tokens.get(i).kind == Kind.WORD && tokens.get(i + 1).is('=') && tokens.get(i + 2).kind == Kind.STRING) {
				Expression expression = expression(tokens, i + 2, constants);
				if (expression.end < tokens.size() && tokens.get(expression.end).is(';')) {
					constants.putIfAbsent(tokens.get(i).text, expression.text);
				}
			}
		}
		Set<Mention> mentions = new LinkedHashSet<>();
		for (int i = 0; i < tokens.size(); i++) {
			if (tokens.get(i).kind == Kind.STRING) {
				Expression expression = expression(tokens, i, constants);
				if (LOOKS_LIKE_SQL.matcher(expression.text.chars).find()) {
					mentions.addAll(mentions(expression.text));
				}
				i = expression.end - 1;
			}
		}
		return List.copyOf(mentions);
	}

	/** The tables named by an SQL script; comments and quoted strings are ignored. */
	List<Mention> inSql(String script) {
		Text text = new Text();
		int line = 1;
		for (int i = 0; i < script.length(); i++) {
			char c = script.charAt(i);
			if (c == '-' && script.startsWith("--", i)) {
				while (i + 1 < script.length() && script.charAt(i + 1) != '\n') {
					i++;
				}
				text.append(' ', line);
			}
			else if (c == '/' && script.startsWith("/*", i)) {
				int end = script.indexOf("*/", i + 2);
				end = (end < 0) ? script.length() : end + 2;
				for (; i < end; i++) {
					line += (script.charAt(i) == '\n') ? 1 : 0;
				}
				i--;
				text.append(' ', line);
			}
			else if (c == '\'') {
				// a quoted string: its words are no SQL
				int end = script.indexOf('\'', i + 1);
				end = (end < 0) ? script.length() : end;
				for (; i < end; i++) {
					line += (script.charAt(i) == '\n') ? 1 : 0;
				}
				text.append(' ', line);
			}
			else {
				text.append(c, line);
				line += (c == '\n') ? 1 : 0;
			}
		}
		return List.copyOf(new LinkedHashSet<>(mentions(text)));
	}

	private List<Mention> mentions(Text text) {
		List<Mention> found = new ArrayList<>();
		Matcher keyword = KEYWORD.matcher(text.chars);
		while (keyword.find()) {
			add(found, text, keyword.group(2), keyword.start(2));
			if (keyword.group(1).equalsIgnoreCase("from") || keyword.group(1).equalsIgnoreCase("using")) {
				Matcher next = NEXT_IN_LIST.matcher(text.chars);
				int at = keyword.end();
				while (next.region(at, text.chars.length()).lookingAt()) {
					add(found, text, next.group(1), next.start(1));
					at = next.end();
				}
			}
		}
		return found;
	}

	private void add(List<Mention> found, Text text, String name, int at) {
		String table = name.toLowerCase(Locale.ROOT);
		if (this.tables.contains(table)) {
			found.add(new Mention(table, text.lines.get(at)));
		}
	}

	// one expression: a string, then more strings or known constants after each '+'
	private static Expression expression(List<Token> tokens, int start, Map<String, Text> constants) {
		Text text = new Text();
		text.append(tokens.get(start).value);
		int i = start + 1;
		while (i + 1 < tokens.size() && tokens.get(i).is('+')) {
			Token operand = tokens.get(i + 1);
			boolean constant = operand.kind == Kind.WORD && constants.containsKey(operand.text)
					&& (i + 2 >= tokens.size() || !(tokens.get(i + 2).is('.') || tokens.get(i + 2).is('(')));
			if (operand.kind == Kind.STRING) {
				text.append(operand.value);
			}
			else if (constant) {
				text.append(constants.get(operand.text));
			}
			else {
				break;
			}
			i += 2;
		}
		return new Expression(text, i);
	}

	private record Expression(Text text, int end) {
	}

	/** Characters, each with the source line it came from. */
	private static final class Text {

		final StringBuilder chars = new StringBuilder();

		final List<Integer> lines = new ArrayList<>();

		void append(char c, int line) {
			this.chars.append(c);
			this.lines.add(line);
		}

		void append(Text other) {
			this.chars.append(other.chars);
			this.lines.addAll(other.lines);
		}

	}

	private enum Kind {

		STRING, WORD, SYMBOL

	}

	private record Token(Kind kind, String text, Text value) {

		boolean is(char symbol) {
			return this.kind == Kind.SYMBOL && this.text.length() == 1 && this.text.charAt(0) == symbol;
		}

	}

	/**
	 * Just enough of Java's lexical structure to find string literals and text blocks
	 * (with their escapes), words and symbols, and skip comments and char literals.
	 */
	private static final class Lexer {

		private final String source;

		private int at;

		private int line = 1;

		Lexer(String source) {
			this.source = source;
		}

		List<Token> tokens() {
			List<Token> tokens = new ArrayList<>();
			while (this.at < this.source.length()) {
				char c = this.source.charAt(this.at);
				if (c == '\n') {
					this.line++;
					this.at++;
				}
				else if (Character.isWhitespace(c)) {
					this.at++;
				}
				else if (this.source.startsWith("//", this.at)) {
					while (this.at < this.source.length() && this.source.charAt(this.at) != '\n') {
						this.at++;
					}
				}
				else if (this.source.startsWith("/*", this.at)) {
					int end = this.source.indexOf("*/", this.at + 2);
					skipTo((end < 0) ? this.source.length() : end + 2);
				}
				else if (this.source.startsWith("\"\"\"", this.at)) {
					tokens.add(new Token(Kind.STRING, null, textBlock()));
				}
				else if (c == '"') {
					tokens.add(new Token(Kind.STRING, null, literal()));
				}
				else if (c == '\'') {
					this.at++;
					while (this.at < this.source.length() && this.source.charAt(this.at) != '\'') {
						this.at += (this.source.charAt(this.at) == '\\') ? 2 : 1;
					}
					this.at++;
				}
				else if (Character.isJavaIdentifierPart(c)) {
					int start = this.at;
					while (this.at < this.source.length()
							&& Character.isJavaIdentifierPart(this.source.charAt(this.at))) {
						this.at++;
					}
					tokens.add(new Token(Kind.WORD, this.source.substring(start, this.at), null));
				}
				else {
					tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), null));
					this.at++;
				}
			}
			return tokens;
		}

		private Text literal() {
			Text text = new Text();
			this.at++;
			while (this.at < this.source.length()) {
				char c = this.source.charAt(this.at);
				if (c == '"' || c == '\n') {
					break;
				}
				if (c == '\\') {
					escape(text);
				}
				else {
					text.append(c, this.line);
					this.at++;
				}
			}
			this.at++;
			return text;
		}

		private Text textBlock() {
			Text text = new Text();
			this.at += 3;
			while (this.at < this.source.length() && !this.source.startsWith("\"\"\"", this.at)) {
				char c = this.source.charAt(this.at);
				if (c == '\\') {
					escape(text);
				}
				else {
					text.append(c, this.line);
					this.line += (c == '\n') ? 1 : 0;
					this.at++;
				}
			}
			this.at += 3;
			return text;
		}

		private void escape(Text text) {
			char escaped = (this.at + 1 < this.source.length()) ? this.source.charAt(this.at + 1) : ' ';
			switch (escaped) {
				case 'n' -> text.append('\n', this.line);
				case 't' -> text.append('\t', this.line);
				case 's' -> text.append(' ', this.line);
				case '\n' -> this.line++; // a text block's line continuation
				default -> text.append(escaped, this.line);
			}
			this.at += 2;
		}

		private void skipTo(int end) {
			for (; this.at < end; this.at++) {
				this.line += (this.source.charAt(this.at) == '\n') ? 1 : 0;
			}
		}

	}

}
