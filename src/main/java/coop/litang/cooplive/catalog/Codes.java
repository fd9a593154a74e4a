package coop.litang.cooplive.catalog;

final class Codes {

	static final String PATTERN = "[A-Z0-9][A-Z0-9_-]{1,39}";

	static final String MESSAGE = "must be 2 to 40 capitals, digits, '-' or '_'";

	private Codes() {
	}

}
