package coop.litang.cooplive.members;

final class Views {

	static final String CODE_PATTERN = "[A-Z0-9][A-Z0-9_-]{1,39}";

	static final String CODE_MESSAGE = "must be 2 to 40 capitals, digits, '-' or '_'";

	private Views() {
	}

}
