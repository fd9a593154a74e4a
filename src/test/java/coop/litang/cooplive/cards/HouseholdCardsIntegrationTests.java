package coop.litang.cooplive.cards;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.inventory.StockReceiptView;
import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.testing.Api;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The household card and the goods label: the QR images decode back to their links, the
 * public page shows only what the household agreed to show (recorded by an admin,
 * audit-logged), and the whole household file is for admins and accountants only.
 */
@IntegrationTest
class HouseholdCardsIntegrationTests {

	@Autowired
	WebTestClient web;

	@Autowired
	Fixtures fixtures;

	@Autowired
	DatabaseClient db;

	private WebTestClient.ResponseSpec call(String method, String token, String uri, Object body) {
		return Api.call(this.web, method, token, uri, body);
	}

	private byte[] bytes(String uri, String type) {
		return this.web.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(type)
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
	}

	static String decode(byte[] png) throws IOException, NotFoundException, ChecksumException, FormatException {
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
		int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
		return new QRCodeReader()
			.decode(new BinaryBitmap(
					new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))))
			.getText();
	}

	@Test
	void theCardShowsOnlyWhatTheHouseholdAgreedToAndItsCodeDecodesToItsPage() throws Exception {
		MemberView member = this.fixtures.member(false);
		SkuView sku = this.fixtures.sku(100);
		StockReceiptView receipt = this.fixtures.receive(sku.id(), 3);
		this.db.sql("UPDATE stock_receipt SET supplier_member_id = :m WHERE id = :id")
			.bind("m", member.id())
			.bind("id", receipt.id())
			.then()
			.block();
		String card = member.cardCode();
		assertThat(card).matches("[0-9A-F]{12}");

		// nothing is shown until the household agrees
		String shown = call("GET", null, "/api/v1/storefront/households/" + card.toLowerCase(), null).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(shown).doesNotContain(member.name(), member.phone(), "测试村", member.id().toString());
		assertThat(shown).contains("\"name\":null", "\"delivers\":[]");

		String admin = this.fixtures.token(Role.ADMIN);
		call("PUT", admin, "/api/v1/admin/members/" + member.id() + "/disclosure",
				Map.of("showName", true, "showVillage", true, "showDeliveries", true))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.showName")
			.isEqualTo(true);
		call("PUT", admin, "/api/v1/admin/members/" + member.id() + "/disclosure", Map.of("showName", true))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value((fields) -> assertThat(fields.toString()).contains("showVillage", "showDeliveries"));
		assertThat(this.db
			.sql("SELECT before::text || ' -> ' || after::text FROM audit_log WHERE action = 'member.disclosure' "
					+ "AND subject = :s")
			.bind("s", "member:" + member.id())
			.map((row) -> row.get(0, String.class))
			.all()
			.collectList()
			.block()).singleElement()
			.satisfies((change) -> assertThat(change).contains("\"showName\": false").contains("\"showName\": true"));
		call("GET", null, "/api/v1/storefront/households/" + card, null).expectBody()
			.jsonPath("$.name")
			.isEqualTo(member.name())
			.jsonPath("$.villageZh")
			.isEqualTo("测试村")
			.jsonPath("$.delivers[0].nameZh")
			.isNotEmpty()
			.jsonPath("$.phone")
			.doesNotExist()
			.jsonPath("$.people")
			.doesNotExist();

		assertThat(decode(bytes("/api/v1/storefront/households/" + card + "/qr.png", "image/png")))
			.isEqualTo("http://localhost:8080/h/" + card);
		String svg = new String(bytes("/api/v1/storefront/households/" + card + "/qr.svg", "image/svg+xml"),
				java.nio.charset.StandardCharsets.UTF_8);
		assertThat(svg).startsWith("<svg").contains("<path", "/h/" + card);
		assertThat(decode(bytes("/api/v1/storefront/trace/" + receipt.traceCode() + "/qr.png", "image/png")))
			.isEqualTo("http://localhost:8080/t/" + receipt.traceCode());
		call("GET", null, "/api/v1/storefront/households/NOSUCHCARD00", null).expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		call("GET", null, "/api/v1/storefront/trace/NOSUCHCODE/qr.svg", null).expectStatus().isNotFound();
		this.web.get()
			.uri("/api/v1/storefront/households/" + card + "/qr.gif")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);

		// the pages the codes open are the service's own, for anyone
		this.web.get()
			.uri("/h/" + card)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueMatches("Content-Security-Policy", ".*default-src 'self'.*")
			.expectBody(String.class)
			.value((html) -> assertThat(html).contains("/public/household.js"));
		this.web.get()
			.uri("/t/" + receipt.traceCode())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((html) -> assertThat(html).contains("/public/trace.js"));
	}

	@Test
	void theWholeHouseholdFileIsForAdminsAndAccountantsOnly() {
		MemberView member = this.fixtures.member(false);
		String admin = this.fixtures.token(Role.ADMIN);
		call("PUT", admin, "/api/v1/admin/members/" + member.id() + "/people",
				List.of(Map.of("name", "次仁 Tsering", "relation", "HEAD", "birthYear", 1971),
						Map.of("name", "拉姆 Lhamo", "relation", "SPOUSE")))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(2);
		call("PUT", admin, "/api/v1/admin/members/" + member.id() + "/people",
				List.of(Map.of("name", "", "relation", "COUSIN")))
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		String file = "/api/v1/accounting/households/" + member.cardCode();
		call("GET", this.fixtures.token(Role.ACCOUNTANT), file, null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.phone")
			.isEqualTo(member.phone())
			.jsonPath("$.people[0].name")
			.isEqualTo("次仁 Tsering")
			.jsonPath("$.people[1].relation")
			.isEqualTo("SPOUSE")
			.jsonPath("$.cardLink")
			.isEqualTo("http://localhost:8080/h/" + member.cardCode())
			.jsonPath("$.account.capitalFen")
			.isEqualTo(0)
			.jsonPath("$.dividends")
			.isArray();
		call("GET", admin, "/api/v1/accounting/members/" + member.id() + "/file", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.number")
			.isEqualTo(member.number());
		call("GET", this.fixtures.token(Role.HOST), file, null).expectStatus().isForbidden();
		call("GET", null, file, null).expectStatus().isUnauthorized();
		call("GET", admin, "/api/v1/accounting/households/NOSUCHCARD00", null).expectStatus().isNotFound();
	}

}
