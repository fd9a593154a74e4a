package coop.litang.cooplive.shared;

import java.time.Duration;

import io.r2dbc.pool.ConnectionPoolException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure of PostgreSQL itself (unreachable, restarting, refusing or cutting
 * connections, too slow) from any other error. Such a failure is the service's outage,
 * not the caller's mistake: it is answered {@code 503 DATABASE_UNAVAILABLE} with a
 * {@code Retry-After}, never 500. A transaction cut by it is rolled back by PostgreSQL
 * whole, so nothing half-written remains.
 */
public final class DatabaseOutage {

	/** The problem's {@code code}. */
	public static final String CODE = "DATABASE_UNAVAILABLE";

	/** How long a caller is asked to wait before trying again. */
	public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	/** The detail a caller reads. */
	public static final String DETAIL = "The database is not reachable right now; nothing was changed by this "
			+ "request unless a retry with the same Idempotency-Key says otherwise. Try again shortly.";

	private DatabaseOutage() {
	}

	/** Whether the error, or one of its causes, is PostgreSQL failing. */
	public static boolean causes(Throwable ex) {
		Throwable current = ex;
		for (int depth = 0; current != null && depth < 16; depth++) {
			if (isOutage(current)) {
				return true;
			}
			current = (current.getCause() == current) ? null : current.getCause();
		}
		return false;
	}

	/** The refusal answered for an outage. */
	public static Unavailable unavailable() {
		return new Unavailable(CODE, DETAIL, RETRY_AFTER);
	}

	private static boolean isOutage(Throwable ex) {
		if (ex instanceof DataAccessResourceFailureException || ex instanceof TransientDataAccessResourceException
				|| ex instanceof QueryTimeoutException || ex instanceof CannotCreateTransactionException
				|| ex instanceof R2dbcNonTransientResourceException || ex instanceof R2dbcTransientResourceException
				|| ex instanceof R2dbcTimeoutException || ex instanceof ConnectionPoolException) {
			return true;
		}
		if (ex instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null) {
			String state = r2dbc.getSqlState();
			// 08 connection exceptions, 57P operator intervention (shutdown, restart), 53
			// insufficient resources (too many connections)
			return state.startsWith("08") || state.startsWith("57P") || state.startsWith("53");
		}
		return false;
	}

}
