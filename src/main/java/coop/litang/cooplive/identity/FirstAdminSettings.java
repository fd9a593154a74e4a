package coop.litang.cooplive.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first admin of an empty database, for a real install where no demo users exist:
 * created at start-up while no admin exists, never changed afterwards.
 *
 * @param username the admin's username ({@code COOPLIVE_BOOTSTRAP_ADMIN_USERNAME}); no
 * admin is created without one
 * @param password the password ({@code COOPLIVE_BOOTSTRAP_ADMIN_PASSWORD}), or empty to
 * read it from {@code passwordFile}
 * @param passwordFile a file holding the password, such as a mounted secret
 * ({@code COOPLIVE_BOOTSTRAP_ADMIN_PASSWORD_FILE}); surrounding white space is dropped
 */
@ConfigurationProperties("cooplive.identity.bootstrap-admin")
public record FirstAdminSettings(String username, String password, String passwordFile) {

	/** Whether a first admin is asked for at all. */
	public boolean requested() {
		return this.username != null && !this.username.isBlank();
	}

	@Override
	public String toString() {
		return "FirstAdminSettings[username=" + this.username + ", passwordFile=" + this.passwordFile + "]";
	}

}
