package coop.litang.cooplive.ordering;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads the common order body, byte by byte, for the early sold-out answers: an object of
 * plain strings (no escapes, well-formed UTF-8), whole numbers and {@code null}s, as a
 * buyer's app sends it. Anything else is not read here but left to the strict reader on
 * the mapper's parser ({@link SoldOutAnswers#read}), which decides: so whatever this
 * reads is what that reader would have read, and it never decides that a body is wrong. A
 * drop's refusals are mostly the reading of their bodies; this costs a fraction of a
 * general parser.
 */
final class PlainOrderReader {

	// nesting deeper than this in a property nobody reads is left to the strict reader
	private static final int MAX_DEPTH = 16;

	// what a body that is not plain gives: the strict reader reads it
	private static final class NotPlain extends RuntimeException {

		NotPlain() {
			super(null, null, false, false);
		}

	}

	private static final NotPlain NOT_PLAIN = new NotPlain();

	private final byte[] body;

	private int at;

	private PlainOrderReader(byte[] body) {
		this.body = body;
	}

	/** The order in a plain body; {@code null} when the body is not plain. */
	static PlaceOrder read(byte[] body) {
		try {
			PlainOrderReader reader = new PlainOrderReader(body);
			PlaceOrder order = reader.order();
			reader.space();
			return (reader.at == body.length) ? order : null;
		}
		catch (NotPlain | ArrayIndexOutOfBoundsException ex) {
			return null;
		}
	}

	private PlaceOrder order() {
		space();
		expect('{');
		UUID sessionId = null;
		Buyer buyer = null;
		List<OrderLineRequest> lines = null;
		PaymentMethod method = null;
		String note = null;
		List<String> seen = new ArrayList<>(8);
		if (!next('}')) {
			do {
				String name = name(seen);
				switch (name) {
					case "sessionId" -> {
						sessionId = uuid(textOrNull());
					}
					case "buyer" -> {
						buyer = next('n') ? nullRest() : buyer();
					}
					case "lines" -> {
						lines = next('n') ? nullRest() : lines();
					}
					case "paymentMethod" -> {
						String text = textOrNull();
						if (text != null && !"CARD".equals(text)) {
							throw NOT_PLAIN;
						}
						method = (text != null) ? PaymentMethod.CARD : null;
					}
					case "paymentNote" -> {
						note = textOrNull();
					}
					default -> skip(0);
				}
			}
			while (comma('}'));
		}
		return new PlaceOrder(sessionId, buyer, lines, method, note);
	}

	private Buyer buyer() {
		expect('{');
		String[] fields = new String[3];
		List<String> seen = new ArrayList<>(8);
		if (!next('}')) {
			do {
				String name = name(seen);
				switch (name) {
					case "name" -> {
						fields[0] = textOrNull();
					}
					case "phone" -> {
						fields[1] = textOrNull();
					}
					case "address" -> {
						fields[2] = textOrNull();
					}
					default -> skip(1);
				}
			}
			while (comma('}'));
		}
		return new Buyer(fields[0], fields[1], fields[2]);
	}

	private List<OrderLineRequest> lines() {
		expect('[');
		List<OrderLineRequest> lines = new ArrayList<>(2);
		if (!next(']')) {
			do {
				space();
				lines.add(line());
			}
			while (comma(']'));
		}
		return lines;
	}

	private OrderLineRequest line() {
		expect('{');
		String sku = null;
		Long quantity = null;
		List<String> seen = new ArrayList<>(8);
		if (!next('}')) {
			do {
				String name = name(seen);
				switch (name) {
					case "sku" -> {
						sku = textOrNull();
					}
					case "quantity" -> {
						space();
						quantity = next('n') ? nullRest() : number();
					}
					default -> skip(2);
				}
			}
			while (comma('}'));
		}
		return new OrderLineRequest(sku, quantity);
	}

	// a property's name and its colon; a name the object had before is left to the
	// strict reader (which refuses it)
	private String name(List<String> seen) {
		space();
		String name = string();
		if (seen.contains(name)) {
			throw NOT_PLAIN;
		}
		seen.add(name);
		space();
		expect(':');
		space();
		return name;
	}

	// after a value: true at a comma (another follows), false at the closing character
	private boolean comma(char close) {
		space();
		byte b = this.body[this.at++];
		if (b == ',') {
			return true;
		}
		if (b == close) {
			return false;
		}
		throw NOT_PLAIN;
	}

	private String textOrNull() {
		space();
		if (next('n')) {
			return nullRest();
		}
		return string();
	}

	// the rest of a null whose n was read
	private <T> T nullRest() {
		literal("ull");
		return null;
	}

	private void literal(String rest) {
		for (int i = 0; i < rest.length(); i++) {
			if (this.body[this.at++] != rest.charAt(i)) {
				throw NOT_PLAIN;
			}
		}
	}

	// a string without escapes or control characters, in well-formed UTF-8
	private String string() {
		expect('"');
		int start = this.at;
		boolean ascii = true;
		while (true) {
			int b = this.body[this.at] & 0xFF;
			if (b == '"') {
				break;
			}
			if (b == '\\' || b < 0x20) {
				throw NOT_PLAIN;
			}
			if (b < 0x80) {
				this.at++;
			}
			else {
				ascii = false;
				this.at += utf8(this.at);
			}
		}
		int end = this.at++;
		return new String(this.body, start, end - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
	}

	// the length of the well-formed UTF-8 sequence at i (no overlong forms, surrogates or
	// code points past U+10FFFF)
	private int utf8(int i) {
		int b = this.body[i] & 0xFF;
		int length;
		int min;
		if (b >= 0xC2 && b <= 0xDF) {
			length = 2;
			min = 0x80;
		}
		else if (b >= 0xE0 && b <= 0xEF) {
			length = 3;
			min = 0x800;
		}
		else if (b >= 0xF0 && b <= 0xF4) {
			length = 4;
			min = 0x10000;
		}
		else {
			throw NOT_PLAIN;
		}
		int code = b & (0xFF >> (length + 1));
		for (int j = 1; j < length; j++) {
			int c = this.body[i + j] & 0xFF;
			if ((c & 0xC0) != 0x80) {
				throw NOT_PLAIN;
			}
			code = (code << 6) | (c & 0x3F);
		}
		if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
			throw NOT_PLAIN;
		}
		return length;
	}

	// a whole number of at most 18 digits, with no leading zero, fraction or exponent
	private Long number() {
		boolean negative = next('-');
		int start = this.at;
		long value = 0;
		while (this.at < this.body.length && this.body[this.at] >= '0' && this.body[this.at] <= '9') {
			value = value * 10 + (this.body[this.at++] - '0');
		}
		int digits = this.at - start;
		if (digits == 0 || digits > 18 || (digits > 1 && this.body[start] == '0')) {
			throw NOT_PLAIN;
		}
		if (this.at < this.body.length) {
			byte b = this.body[this.at];
			if (b == '.' || b == 'e' || b == 'E') {
				throw NOT_PLAIN;
			}
		}
		return negative ? -value : value;
	}

	// a value nobody reads, passed over as the strict reader does
	private void skip(int depth) {
		if (depth > MAX_DEPTH) {
			throw NOT_PLAIN;
		}
		space();
		byte b = this.body[this.at];
		switch (b) {
			case '"' -> string();
			case '{' -> {
				this.at++;
				List<String> seen = new ArrayList<>(4);
				if (!next('}')) {
					do {
						name(seen);
						skip(depth + 1);
					}
					while (comma('}'));
				}
			}
			case '[' -> {
				this.at++;
				if (!next(']')) {
					do {
						skip(depth + 1);
					}
					while (comma(']'));
				}
			}
			case 't' -> literal("true");
			case 'f' -> literal("false");
			case 'n' -> literal("null");
			default -> number();
		}
	}

	// the canonical form only, as the strict reader takes it
	private static UUID uuid(String text) {
		if (text == null) {
			return null;
		}
		if (text.length() != 36) {
			throw NOT_PLAIN;
		}
		try {
			UUID uuid = UUID.fromString(text);
			if (!uuid.toString().equalsIgnoreCase(text)) {
				throw NOT_PLAIN;
			}
			return uuid;
		}
		catch (IllegalArgumentException ex) {
			throw NOT_PLAIN;
		}
	}

	private void space() {
		while (this.at < this.body.length) {
			byte b = this.body[this.at];
			if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
				return;
			}
			this.at++;
		}
	}

	// whether the next character (after white space) is c, which is then read
	private boolean next(char c) {
		space();
		if (this.at < this.body.length && this.body[this.at] == c) {
			this.at++;
			return true;
		}
		return false;
	}

	private void expect(char c) {
		if (!next(c)) {
			throw NOT_PLAIN;
		}
	}

}
