package coop.litang.cooplive.members;

import java.util.Map;
import java.util.UUID;

import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.testing.Database;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class MembersIntegrationTests {

	@Autowired
	WebTestClient web;

	@Autowired
	Fixtures fixtures;

	@Autowired
	DatabaseClient db;

	String admin;

	@BeforeEach
	void signIn() {
		this.admin = this.fixtures.token(Role.ADMIN);
	}

	private <T> T post(String uri, Object body, Class<T> type) {
		return this.web.post()
			.uri(uri)
			.headers((h) -> h.setBearerAuth(this.admin))
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(type)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec postMember(Object body) {
		return this.web.post()
			.uri("/api/v1/admin/members")
			.headers((h) -> h.setBearerAuth(this.admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	@Test
	void adminRegistersATownshipAVillageAndAMemberWithANormalizedPhone() {
		String suffix = Fixtures.unique();
		TownshipView township = post("/api/v1/admin/townships",
				Map.of("code", "GENIE" + suffix, "nameZh", "格聂镇", "nameEn", "Genie"), TownshipView.class);
		VillageView village = post("/api/v1/admin/villages",
				Map.of("townshipId", township.id(), "code", "V" + suffix, "nameZh", "村", "nameEn", "Village"),
				VillageView.class);
		String phone = Fixtures.uniquePhone();
		String typed = "+86 " + phone.substring(0, 3) + "-" + phone.substring(3, 7) + "-" + phone.substring(7);
		MemberView member = postMember(Map.of("name", "扎西 Tashi", "phone", typed, "villageId", village.id(), "supplier",
				true, "host", true, "joinedOn", "2023-05-01"))
			.expectStatus()
			.isCreated()
			.expectBody(MemberView.class)
			.returnResult()
			.getResponseBody();
		assertThat(member.phone()).isEqualTo(phone);
		assertThat(member.number()).isPositive();

		this.web.get()
			.uri("/api/v1/admin/members?villageId={v}", village.id())
			.headers((h) -> h.setBearerAuth(this.admin))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.totalItems")
			.isEqualTo(1)
			.jsonPath("$.items[0].id")
			.isEqualTo(member.id().toString());
		this.web.get()
			.uri("/api/v1/admin/villages?townshipId={t}", township.id())
			.headers((h) -> h.setBearerAuth(this.admin))
			.exchange()
			.expectBody()
			.jsonPath("$.items[0].code")
			.isEqualTo("V" + suffix);
	}

	@Test
	void aPhoneAlreadyUsedByAnotherMemberGets409HoweverItIsWritten() {
		MemberView existing = this.fixtures.member(false);
		long before = Database.count(this.db, "member");
		String typed = existing.phone().substring(0, 3) + " " + existing.phone().substring(3, 7) + " "
				+ existing.phone().substring(7);
		postMember(Map.of("name", "Someone", "phone", typed, "villageId", existing.villageId(), "supplier", true,
				"host", false, "joinedOn", "2024-01-01"))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("DUPLICATE_PHONE")
			.jsonPath("$.field")
			.isEqualTo("phone");
		assertThat(Database.count(this.db, "member")).isEqualTo(before);
	}

	@Test
	void badMemberInputNamesTheFieldsAndStoresNothing() {
		VillageView village = this.fixtures.village();
		long before = Database.count(this.db, "member");
		postMember(Map.of("name", "", "phone", "12345", "villageId", village.id(), "joinedOn", "2024-01-01"))
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value((fields) -> assertThat(fields.toString()).contains("name", "supplier", "host"));
		postMember(Map.of("name", "A", "phone", "12345", "villageId", village.id(), "supplier", true, "host", false,
				"joinedOn", "2024-01-01"))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("phone");
		postMember(Map.of("name", "A", "phone", Fixtures.uniquePhone(), "villageId", UUID.randomUUID(), "supplier",
				true, "host", false, "joinedOn", "2024-01-01"))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("villageId");
		postMember(Map.of("name", "A", "phone", Fixtures.uniquePhone(), "villageId", village.id(), "supplier", true,
				"host", false, "joinedOn", "yesterday"))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("joinedOn");
		assertThat(Database.count(this.db, "member")).isEqualTo(before);
	}

	@Test
	void villagesAndMembersHoldSharesWithTheirCapitalContributions() {
		MemberView member = this.fixtures.member(false);
		VillageView village = this.fixtures.village();
		ShareholderView household = post("/api/v1/admin/shareholders", Map.of("memberId", member.id()),
				ShareholderView.class);
		ShareholderView collective = post("/api/v1/admin/shareholders", Map.of("villageId", village.id()),
				ShareholderView.class);
		assertThat(household.kind()).isEqualTo(ShareholderKind.MEMBER);
		assertThat(household.displayName()).isEqualTo(member.name());
		assertThat(collective.kind()).isEqualTo(ShareholderKind.VILLAGE);

		post("/api/v1/admin/shareholders/" + collective.id() + "/contributions", Map.of("amountFen", 100_000_000L,
				"contributedOn", "2017-01-01", "source", "VILLAGE_REVOLVING_FUND", "note", "扶贫周转金"),
				ContributionView.class);
		post("/api/v1/admin/shareholders/" + collective.id() + "/contributions",
				Map.of("amountFen", 50L, "contributedOn", "2018-01-01", "source", "OTHER"), ContributionView.class);

		this.web.get()
			.uri("/api/v1/admin/shareholders/{id}", collective.id())
			.headers((h) -> h.setBearerAuth(this.admin))
			.exchange()
			.expectBody()
			.jsonPath("$.capitalFen")
			.isEqualTo(100_000_050L);
		this.web.get()
			.uri("/api/v1/admin/shareholders/{id}/contributions", collective.id())
			.headers((h) -> h.setBearerAuth(this.admin))
			.exchange()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(2)
			.jsonPath("$[0].source")
			.isEqualTo("VILLAGE_REVOLVING_FUND");

		this.web.post()
			.uri("/api/v1/admin/shareholders")
			.headers((h) -> h.setBearerAuth(this.admin))
			.bodyValue(Map.of("memberId", member.id()))
			.exchange()
			.expectStatus()
			.isEqualTo(409);
		this.web.post()
			.uri("/api/v1/admin/shareholders")
			.headers((h) -> h.setBearerAuth(this.admin))
			.bodyValue(Map.of("memberId", member.id(), "villageId", village.id()))
			.exchange()
			.expectStatus()
			.isBadRequest();
		// a withdrawal is a negative contribution, never beyond the capital paid in
		post("/api/v1/admin/shareholders/" + collective.id() + "/contributions",
				Map.of("amountFen", -50L, "contributedOn", "2019-01-01", "source", "OTHER", "note", "withdrawn"),
				ContributionView.class);
		this.web.post()
			.uri("/api/v1/admin/shareholders/{id}/contributions", collective.id())
			.headers((h) -> h.setBearerAuth(this.admin))
			.bodyValue(Map.of("amountFen", -100_000_001L, "contributedOn", "2019-02-01", "source", "OTHER"))
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("CAPITAL_INSUFFICIENT");
		this.web.get()
			.uri("/api/v1/admin/shareholders/{id}", collective.id())
			.headers((h) -> h.setBearerAuth(this.admin))
			.exchange()
			.expectBody()
			.jsonPath("$.capitalFen")
			.isEqualTo(100_000_000L);
		this.web.post()
			.uri("/api/v1/admin/shareholders/{id}/contributions", collective.id())
			.headers((h) -> h.setBearerAuth(this.admin))
			.bodyValue(Map.of("amountFen", -5, "contributedOn", "2018-01-01", "source", "GIFT"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("source");
	}

	@Test
	void recordsStillReferredToCannotBeDeleted() {
		MemberView member = this.fixtures.member(false);
		this.web.delete()
			.uri("/api/v1/admin/villages/{id}", member.villageId())
			.headers((h) -> h.setBearerAuth(this.admin))
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("IN_USE");
		this.web.delete()
			.uri("/api/v1/admin/members/{id}", member.id())
			.headers((h) -> h.setBearerAuth(this.admin))
			.exchange()
			.expectStatus()
			.isNoContent();
		this.web.delete()
			.uri("/api/v1/admin/villages/{id}", member.villageId())
			.headers((h) -> h.setBearerAuth(this.admin))
			.exchange()
			.expectStatus()
			.isNoContent();
		this.web.get()
			.uri("/api/v1/admin/members/{id}", member.id())
			.headers((h) -> h.setBearerAuth(this.admin))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void adminEditsAMember() {
		MemberView member = this.fixtures.member(false);
		this.web.put()
			.uri("/api/v1/admin/members/{id}", member.id())
			.headers((h) -> h.setBearerAuth(this.admin))
			.bodyValue(Map.of("name", "New name", "phone", member.phone(), "villageId", member.villageId(), "supplier",
					true, "host", true, "joinedOn", "2024-02-02"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("New name")
			.jsonPath("$.host")
			.isEqualTo(true)
			.jsonPath("$.number")
			.isEqualTo(member.number());
	}

}
