package coop.litang.cooplive.identity;

/**
 * Unknown username, wrong password or a disabled user; which one is never told.
 */
class InvalidCredentials extends RuntimeException {

	InvalidCredentials() {
		super("username or password is wrong");
	}

}
