package coop.litang.cooplive.buyers;

import coop.litang.cooplive.shared.Refusal;

/**
 * The code sent back is not the number's pending code; answered {@code 422 CODE_INVALID}
 * with the tries left.
 */
final class WrongCode extends Refusal {

	private final long triesLeft;

	WrongCode(long triesLeft) {
		super("the code is wrong; " + triesLeft + ((triesLeft == 1) ? " try" : " tries") + " left");
		this.triesLeft = triesLeft;
	}

	long triesLeft() {
		return this.triesLeft;
	}

}
