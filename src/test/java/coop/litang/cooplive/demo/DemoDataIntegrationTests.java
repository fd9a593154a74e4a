package coop.litang.cooplive.demo;

import java.time.Duration;
import java.util.Map;

import coop.litang.cooplive.testing.Database;
import coop.litang.cooplive.testing.TestServicesInitializer;
import coop.litang.cooplive.testing.WholeResponses;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh database with the demo data switched on, as {@code ./mvnw spring-boot:run} gets
 * it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "cooplive.demo.enabled=true")
@ActiveProfiles("dev")
@AutoConfigureWebTestClient
@ContextConfiguration(initializers = TestServicesInitializer.class)
@Import(WholeResponses.class)
class DemoDataIntegrationTests {

	@Autowired
	WebTestClient web;

	@Autowired
	DatabaseClient db;

	@Autowired
	DemoData demoData;

	@Test
	void anEmptyDatabaseGetsTheLitangPlacesProductsMembersAndUsers() {
		assertThat(Database.count(this.db, "township")).isEqualTo(11);
		assertThat(Database.count(this.db, "village")).isEqualTo(3);
		assertThat(Database.count(this.db, "product")).isEqualTo(4);
		assertThat(Database.count(this.db, "sku")).isEqualTo(7);
		assertThat(Database.count(this.db, "member")).isEqualTo(4);
		assertThat(Database.count(this.db, "shareholder")).isEqualTo(5);
		assertThat(Database.count(this.db, "app_user")).isEqualTo(DemoData.USERS.size());
		this.web.get()
			.uri("/api/v1/storefront/products/CORDYCEPS")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.nameZh")
			.isEqualTo("理塘虫草")
			.jsonPath("$.skus[?(@.code == 'CORD-1500-PC')].listPriceFen")
			.isEqualTo(5800);
	}

	@Test
	void theDemoUsersSignInWithTheirReadmePasswords() {
		for (String[] user : DemoData.USERS) {
			this.web.post()
				.uri("/api/v1/auth/token")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("username", user[0], "password", user[1]))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.role")
				.isEqualTo(user[2]);
		}
	}

	@Test
	void aDatabaseWithDataIsLeftAlone() {
		assertThat(this.demoData.loadIntoEmptyDatabase().block(Duration.ofSeconds(30))).isFalse();
		assertThat(Database.count(this.db, "product")).isEqualTo(4);
	}

}
