package coop.litang.cooplive.shared;

/**
 * An answer the service gives on purpose (not found, conflict, invalid input), raised as
 * an exception to leave a reactive chain. It carries no stack trace: a sold-out answer in
 * a drop is routine, and filling a deep reactive stack for each would cost more CPU than
 * the answer itself.
 */
public abstract class Refusal extends RuntimeException {

	protected Refusal(String message) {
		super(message, null, false, false);
	}

}
