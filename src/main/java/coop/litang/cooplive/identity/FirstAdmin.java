package coop.litang.cooplive.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import coop.litang.cooplive.shared.AuditLog;
import coop.litang.cooplive.shared.Conflict;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Creates the first admin of a database that has none, from {@link FirstAdminSettings}:
 * the one way into a real install, where the demo users do not exist. Runs once at
 * start-up, on the main thread, before the service answers; does nothing while any admin
 * exists (so a password changed later is never overwritten, and every instance of a
 * deployment may carry the same settings), and records the creation in the audit log. A
 * username without a usable password stops the start, with the reason.
 */
@Component
class FirstAdmin implements ApplicationRunner, Ordered {

	private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

	static final String ACTOR = "system:bootstrap";

	private final FirstAdminSettings settings;

	private final IdentityManagement identity;

	private final Users users;

	private final AuditLog audit;

	private final TransactionalOperator transactions;

	private final Validator validator;

	FirstAdmin(FirstAdminSettings settings, IdentityManagement identity, Users users, AuditLog audit,
			TransactionalOperator transactions, Validator validator) {
		this.settings = settings;
		this.identity = identity;
		this.users = users;
		this.audit = audit;
		this.transactions = transactions;
		this.validator = validator;
	}

	@Override
	public int getOrder() {
		// after the demo data, which makes its own admin
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.settings.requested()) {
			return;
		}
		// start-up runs on the main thread, not an event loop: waiting here is safe
		Boolean created = createUnlessAnAdminExists().block(Duration.ofMinutes(1));
		if (Boolean.TRUE.equals(created)) {
			log.info("first admin {} created", this.settings.username());
		}
		else {
			log.info("an admin exists: the bootstrap admin settings are not used");
		}
	}

	/** Creates the admin when none exists; answers whether it did. */
	Mono<Boolean> createUnlessAnAdminExists() {
		NewUser admin = new NewUser(this.settings.username().strip(), password(), Role.ADMIN, null);
		Set<ConstraintViolation<NewUser>> violations = this.validator.validate(admin);
		if (!violations.isEmpty()) {
			ConstraintViolation<NewUser> first = violations.iterator().next();
			throw new IllegalStateException("the bootstrap admin's " + first.getPropertyPath() + " "
					+ first.getMessage() + " (cooplive.identity.bootstrap-admin.*)");
		}
		Mono<Boolean> create = this.users.countByRole(Role.ADMIN)
			.flatMap((admins) -> (admins > 0) ? Mono.just(false)
					: this.identity.createUser(admin)
						.flatMap((user) -> this.audit.record(ACTOR, "user.bootstrap-admin", "user:" + user.id(), null,
								Map.of("username", user.username(), "role", user.role().name())))
						.thenReturn(true));
		// two instances starting at once: the one that loses the race finds the admin
		// made
		return this.transactions.transactional(create)
			.onErrorResume((ex) -> (ex instanceof Conflict || ex instanceof DataIntegrityViolationException),
					(ex) -> Mono.just(false));
	}

	private String password() {
		String password = this.settings.password();
		if ((password == null || password.isEmpty()) && this.settings.passwordFile() != null
				&& !this.settings.passwordFile().isBlank()) {
			try {
				password = Files.readString(Path.of(this.settings.passwordFile()), StandardCharsets.UTF_8).strip();
			}
			catch (IOException ex) {
				throw new IllegalStateException("cannot read the bootstrap admin's password file "
						+ this.settings.passwordFile() + ": " + ex.getMessage(), ex);
			}
		}
		if (password == null || password.isEmpty()) {
			throw new IllegalStateException("cooplive.identity.bootstrap-admin.username is set but no password: set "
					+ "COOPLIVE_BOOTSTRAP_ADMIN_PASSWORD or COOPLIVE_BOOTSTRAP_ADMIN_PASSWORD_FILE");
		}
		if (password.startsWith("REPLACE_WITH")) {
			throw new IllegalStateException("the bootstrap admin's password is still the template's placeholder");
		}
		return password;
	}

}
