package coop.litang.cooplive.testing;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real PostgreSQL and Redis the integration tests talk to, chosen by
 * {@code TEST_SERVICES}:
 * <ul>
 * <li>{@code containers}: Testcontainers starts postgres 16 and redis 7 (needs
 * Docker);</li>
 * <li>{@code external}: servers already running, at
 * {@code COOPLIVE_DB_HOST}/{@code _PORT}/ {@code _USER}/{@code _PASSWORD} (default
 * 127.0.0.1:5432, postgres) and {@code COOPLIVE_REDIS_ADDRESS} (default
 * redis://127.0.0.1:6379);</li>
 * <li>{@code auto} (default): containers when a Docker engine answers, else
 * external.</li>
 * </ul>
 * Each Spring context gets a database of its own with a random name, and the whole run
 * one Redis key prefix; all of it is removed when the JVM exits.
 */
public final class TestServices {

	private static final String DB_PREFIX = "cooplive_test_";

	/**
	 * Rate limits no test meets by accident: many tests place hundreds of storefront
	 * orders from 127.0.0.1 within seconds. The limits stay on (the filter and its Redis
	 * calls run in every test); tests of the limits set tight ones of their own.
	 */
	public static final Map<String, String> GENEROUS_RATE_LIMITS = Map.of("cooplive.rate-limits.per-address.capacity",
			"1000000", "cooplive.rate-limits.per-address.refill", "1000000", "cooplive.rate-limits.per-address.period",
			"1s", "cooplive.rate-limits.per-buyer.capacity", "1000000", "cooplive.rate-limits.per-buyer.refill",
			"1000000", "cooplive.rate-limits.per-buyer.period", "1s");

	private static volatile TestServices instance;

	private final String runId = UUID.randomUUID().toString().substring(0, 8);

	private final String pgHost;

	private final int pgPort;

	private final String pgUser;

	private final String pgPassword;

	private final String pgAdminDatabase;

	private final String redisAddress;

	private final String mode;

	private final List<String> databases = new ArrayList<>();

	private TestServices() {
		String requested = env("TEST_SERVICES", "auto").toLowerCase(Locale.ROOT);
		boolean containers = switch (requested) {
			case "containers" -> true;
			case "external" -> false;
			case "auto" -> dockerAvailable();
			default ->
				throw new IllegalStateException("TEST_SERVICES must be auto, external or containers, was " + requested);
		};
		if (containers) {
			PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:16-alpine");
			GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
			postgres.start();
			redis.start();
			this.pgHost = postgres.getHost();
			this.pgPort = postgres.getMappedPort(5432);
			this.pgUser = postgres.getUsername();
			this.pgPassword = postgres.getPassword();
			this.pgAdminDatabase = postgres.getDatabaseName();
			this.redisAddress = "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
			this.mode = "containers";
		}
		else {
			this.pgHost = env("COOPLIVE_DB_HOST", "127.0.0.1");
			this.pgPort = Integer.parseInt(env("COOPLIVE_DB_PORT", "5432"));
			this.pgUser = env("COOPLIVE_DB_USER", "postgres");
			this.pgPassword = env("COOPLIVE_DB_PASSWORD", "");
			this.pgAdminDatabase = env("COOPLIVE_TEST_ADMIN_DB", "postgres");
			this.redisAddress = env("COOPLIVE_REDIS_ADDRESS", "redis://127.0.0.1:6379");
			this.mode = "external";
			requireReachable();
		}
		dropStaleDatabases();
		Runtime.getRuntime().addShutdownHook(new Thread(this::cleanUp, "test-services-cleanup"));
	}

	/** The services of this test run, started or checked on first use. */
	public static TestServices get() {
		if (instance == null) {
			synchronized (TestServices.class) {
				if (instance == null) {
					instance = new TestServices();
				}
			}
		}
		return instance;
	}

	/** Creates a fresh database, dropped at the end of the run; answers its name. */
	public synchronized String newDatabase() {
		String database = DB_PREFIX + Instant.now().getEpochSecond() + "_"
				+ UUID.randomUUID().toString().substring(0, 8);
		execute(this.pgAdminDatabase, "CREATE DATABASE " + database);
		this.databases.add(database);
		return database;
	}

	public String pgHost() {
		return this.pgHost;
	}

	public int pgPort() {
		return this.pgPort;
	}

	public String pgUser() {
		return this.pgUser;
	}

	public String pgPassword() {
		return this.pgPassword;
	}

	/** A JDBC connection to a database of this run, for a test's own checks. */
	public Connection connect(String database) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.pgUser);
		properties.setProperty("password", this.pgPassword);
		properties.setProperty("connectTimeout", "5");
		return DriverManager.getConnection(jdbcUrl(database), properties);
	}

	/** Creates a fresh database and answers the properties that point a context at it. */
	public synchronized Map<String, Object> newContextProperties() {
		String database = newDatabase();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.r2dbc.url", "r2dbc:postgresql://" + this.pgHost + ":" + this.pgPort + "/" + database);
		properties.put("spring.r2dbc.username", this.pgUser);
		properties.put("spring.r2dbc.password", this.pgPassword);
		properties.put("spring.flyway.url", jdbcUrl(database));
		properties.put("spring.flyway.user", this.pgUser);
		properties.put("spring.flyway.password", this.pgPassword);
		// cached contexts hold their pools: they start small and give idle connections
		// back
		properties.put("spring.r2dbc.pool.initial-size", "1");
		properties.put("spring.r2dbc.pool.max-idle-time", "10s");
		properties.put("cooplive.redis.address", this.redisAddress);
		// a prefix per context, under the run's: counters such as failed sign-ins stay
		// with
		// the context that made them
		properties.put("cooplive.redis.key-prefix", redisKeyPrefix() + database + ":");
		properties.putAll(GENEROUS_RATE_LIMITS);
		properties.put("cooplive.test.database", database);
		properties.put("cooplive.test.services", this.mode);
		return properties;
	}

	/** The prefix of every Redis key this run writes. */
	public String redisKeyPrefix() {
		return "cooplive-test:" + this.runId + ":";
	}

	public String redisAddress() {
		return this.redisAddress;
	}

	private String jdbcUrl(String database) {
		return "jdbc:postgresql://" + this.pgHost + ":" + this.pgPort + "/" + database;
	}

	private void execute(String database, String sql) {
		try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL refused: " + sql, ex);
		}
	}

	// databases of runs that died before their clean-up, more than six hours ago
	private void dropStaleDatabases() {
		long cutoff = Instant.now().minusSeconds(6 * 3600).getEpochSecond();
		List<String> stale = new ArrayList<>();
		try (Connection connection = connect(this.pgAdminDatabase);
				Statement statement = connection.createStatement();
				ResultSet rows = statement
					.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + DB_PREFIX + "%'")) {
			while (rows.next()) {
				String name = rows.getString(1);
				String[] parts = name.substring(DB_PREFIX.length()).split("_");
				if (parts.length == 2 && parts[0].matches("\\d+") && Long.parseLong(parts[0]) < cutoff) {
					stale.add(name);
				}
			}
		}
		catch (SQLException ex) {
			return;
		}
		stale.forEach((name) -> execute(this.pgAdminDatabase, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
	}

	private synchronized void cleanUp() {
		for (String database : this.databases) {
			try {
				execute(this.pgAdminDatabase, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
			}
			catch (RuntimeException ex) {
				System.err.println("could not drop test database " + database + ": " + ex.getMessage());
			}
		}
		try {
			Config config = new Config();
			config.useSingleServer().setAddress(this.redisAddress);
			RedissonClient redis = Redisson.create(config);
			try {
				redis.getKeys().deleteByPattern(redisKeyPrefix() + "*");
			}
			finally {
				redis.shutdown();
			}
		}
		catch (RuntimeException ex) {
			System.err.println("could not remove test keys from Redis: " + ex.getMessage());
		}
	}

	private void requireReachable() {
		URI redis = URI.create(this.redisAddress);
		List<String> missing = new ArrayList<>();
		if (!reachable(this.pgHost, this.pgPort)) {
			missing.add("PostgreSQL at " + this.pgHost + ":" + this.pgPort);
		}
		if (!reachable(redis.getHost(), (redis.getPort() > 0) ? redis.getPort() : 6379)) {
			missing.add("Redis at " + redis.getHost() + ":" + redis.getPort());
		}
		if (!missing.isEmpty()) {
			throw new IllegalStateException(
					"The integration tests need real servers and are not using Testcontainers (TEST_SERVICES="
							+ env("TEST_SERVICES", "auto") + ", no Docker engine in use). " + "Not reachable: "
							+ String.join(", ", missing) + ". Start them (on Debian: "
							+ "'pg_ctlcluster <version> main start' and 'redis-server --daemonize yes', or 'bash .ci/run' "
							+ "which does both), point COOPLIVE_DB_HOST/COOPLIVE_DB_PORT/COOPLIVE_REDIS_ADDRESS at yours, "
							+ "or start Docker so Testcontainers can run them.");
		}
	}

	private static boolean reachable(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
