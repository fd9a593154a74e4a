package coop.litang.cooplive.console;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.catalog.Unit;
import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.livestream.LineupItemDetails;
import coop.litang.cooplive.livestream.SessionView;
import coop.litang.cooplive.members.VillageView;
import coop.litang.cooplive.ordering.Buyer;
import coop.litang.cooplive.ordering.OrderLineRequest;
import coop.litang.cooplive.ordering.OrderManagement;
import coop.litang.cooplive.ordering.OrderView;
import coop.litang.cooplive.ordering.PaymentMethod;
import coop.litang.cooplive.ordering.PlaceOrder;
import coop.litang.cooplive.shared.Actor;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin's register in a real headless Chromium against the whole service, on a phone:
 * an admin registers a household and its capital, records its people and what its card
 * shows, records a delivery and prints its trace labels, ships an order; the QR codes
 * decode to their links, which open the public pages; the household file opens for an
 * admin and is refused to a host. Screenshots land in
 * {@code target/console-screenshots/}.
 */
@IntegrationTest
@TestPropertySource(properties = "cooplive.test.context=register")
class ConsoleRegisterBrowserTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	@Autowired
	Fixtures fixtures;

	@Autowired
	OrderManagement orders;

	@Autowired
	DatabaseClient db;

	@Autowired
	WebTestClient web;

	private String origin() {
		return "http://127.0.0.1:" + this.port;
	}

	private byte[] png(String path) {
		return this.web.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
	}

	static String decode(byte[] png) throws Exception {
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
		int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
		return new QRCodeReader()
			.decode(new BinaryBitmap(
					new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))))
			.getText();
	}

	/**
	 * The decoded link opened on this test's service, whatever public address it names.
	 */
	private String here(String link) {
		URI uri = URI.create(link);
		return origin() + uri.getRawPath();
	}

	private <T> T one(String sql, Map<String, Object> binds, Class<T> type) {
		var spec = this.db.sql(sql);
		for (var bind : binds.entrySet()) {
			spec = spec.bind(bind.getKey(), bind.getValue());
		}
		return spec.map((row) -> row.get(0, type)).one().block(WAIT);
	}

	private static void imagesLoaded(ConsoleBrowser browser, String css) {
		for (int i = 0; i < 100; i++) {
			Object done = browser.script("return [...document.querySelectorAll(arguments[0])]"
					+ ".every((img) => img.complete && img.naturalWidth > 0)", css);
			if (Boolean.TRUE.equals(done)) {
				return;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		throw new AssertionError("images not loaded: " + css);
	}

	@Test
	void anAdminRegistersAHouseholdRecordsADeliveryPrintsItsLabelsAndShipsAnOrder() throws Exception {
		String tag = Fixtures.unique().toLowerCase();
		String admin = "admin-" + tag;
		String host = "host-" + tag;
		this.fixtures.user(admin, "admin-pass-1", Role.ADMIN);
		this.fixtures.host(host, "host-pass-1");
		VillageView village = this.fixtures.village();
		SkuView sku = this.fixtures.product("YAK" + tag.toUpperCase(), "牦牛肉干", "Yak jerky", Unit.PACK, "特级 250g", 6_800,
				20);
		String phone = Fixtures.uniquePhone();
		String name = "扎西 " + tag;
		String person = "卓玛 " + tag;

		// an order taken in a live session, paid cash on delivery, to be shipped
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(),
				new LineupItemDetails(sku.id(), 6_800L, 5L, 5L, false, false, 5));
		String buyerPhone = Fixtures.uniquePhone();
		OrderView order = this.orders
			.placeForHost(session.id(),
					new PlaceOrder(session.id(), new Buyer("买家 " + tag, buyerPhone, "理塘县高城镇 1 号"),
							List.of(new OrderLineRequest(sku.code(), 1L)), PaymentMethod.CASH_ON_DELIVERY, null),
					UUID.randomUUID().toString(), new Actor(admin, List.of("ADMIN"), null))
			.block(WAIT)
			.order();

		String cardCode;
		try (ConsoleBrowser browser = ConsoleBrowser.phone()) {
			browser.open(origin() + "/console/");
			browser.signIn(admin, "admin-pass-1");
			browser.click("#to-register a");
			browser.shown("#member-list");
			browser.showsText(".brand", "登记簿");

			// a household registered
			browser.click("#member-new");
			browser.type("#reg-name", name);
			browser.choose("#reg-villageId", village.id().toString());
			// no phone yet: said under the field
			browser.click("#member-form button[type='submit']");
			browser.shown("#member-form .field-error[data-field='phone']");
			assertThat(browser.find("#reg-phone").getAttribute("aria-invalid")).isEqualTo("true");
			browser.type("#reg-phone", phone);
			browser.click("#member-form button[type='submit']");
			browser.shown("#capital");
			UUID memberId = one("SELECT id FROM member WHERE phone = :phone", Map.of("phone", phone), UUID.class);
			cardCode = one("SELECT card_code FROM member WHERE id = :id", Map.of("id", memberId), String.class);

			// its capital: ¥2,000.50 exactly
			browser.type("#contribution-amount", "2000.50");
			browser.type("#contribution-note", "入社股金");
			browser.click("#contribution-submit");
			browser.showsText("#capital-total", "2,000.50");
			assertThat(one(
					"SELECT sum(c.amount_fen) FROM capital_contribution c JOIN shareholder s"
							+ " ON s.id = c.shareholder_id WHERE s.member_id = :id",
					Map.of("id", memberId), Long.class))
				.isEqualTo(200_050L);

			// its people, and what its card shows: the name and the village, not the
			// deliveries
			browser.click("#person-add");
			browser.type("#people-list li:last-child [name='personName']", person);
			browser.choose("#people-list li:last-child [name='relation']", "SPOUSE");
			browser.type("#people-list li:last-child [name='birthYear']", "1990");
			browser.click("#people-save");
			browser.showsText("#register-notice", "家庭成员已保存");
			WebElement deliveries = browser.find("#disclosure-showDeliveries");
			if (deliveries.isSelected()) {
				browser.click(deliveries);
			}
			for (String shown : List.of("#disclosure-showName", "#disclosure-showVillage")) {
				if (!browser.find(shown).isSelected()) {
					browser.click(shown);
				}
			}
			browser.click("#disclosure-save");
			browser.showsText("#register-notice", "公开设置已保存");
			assertThat(one("SELECT count(*) FROM audit_log WHERE subject = :subject AND action = 'member.disclosure'",
					Map.of("subject", "member:" + memberId), Long.class))
				.isPositive();
			browser.toTop();
			browser.screenshot("34-register-household");

			// the printable card: its QR code decodes to the card's link
			browser.click("#to-card");
			browser.shown("#household-card");
			imagesLoaded(browser, "#card-qr");
			String cardLink = browser.find("#card-link").getText();
			assertThat(cardLink).endsWith("/h/" + cardCode);
			assertThat(decode(png("/api/v1/storefront/households/" + cardCode + "/qr.png"))).isEqualTo(cardLink);
			browser.screenshot("35-register-card");

			// a delivery recorded: ¥345.67 in fen exactly, with its trace code
			browser.click("#register-nav [data-reg-tab='receipts']");
			browser.type("#receipt-member-search", phone);
			browser.click("#receipt-member-find");
			browser.showsText("#receipt-member", name);
			browser.choose("#receipt-sku", sku.id().toString());
			assertThat(browser.find("#receipt-village").getAttribute("value")).isEqualTo(village.id().toString());
			browser.type("#receipt-quantity", "12");
			browser.type("#receipt-value", "345.67");
			browser.set("#receipt-harvest", LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(3).toString());
			browser.click("#receipt-submit");
			browser.showsText("#register-notice", "溯源码");
			String traceCode = one(
					"SELECT trace_code FROM stock_receipt WHERE supplier_member_id = :id AND purchase_value_fen = 34567",
					Map.of("id", memberId), String.class);
			browser.showsText("#register-notice", traceCode);
			browser.toTop();
			browser.screenshot("36-register-receipt");

			// its label sheet: 24 labels, each with the trace code's QR code
			browser.click("#receipt-list [data-trace-code='" + traceCode + "'] .labels");
			browser.shown("#label-sheet");
			assertThat(browser.all("#label-sheet .label")).hasSize(24);
			imagesLoaded(browser, "#label-sheet img");
			browser.showsText("#label-sheet", "牦牛肉干");
			browser.showsText("#label-sheet", traceCode);
			browser.toTop();
			browser.screenshot("37-register-labels");

			// a label's QR code opens the trace page
			String traceLink = decode(png("/api/v1/storefront/trace/" + traceCode + "/qr.png"));
			assertThat(traceLink).endsWith("/t/" + traceCode);
			browser.open(here(traceLink));
			browser.showsText("#code", traceCode);
			browser.showsText("#product", "牦牛肉干");

			// an order shipped with its carrier and tracking number
			browser.open(origin() + "/console/#/register/orders");
			browser.type("#order-filter-phone", buyerPhone);
			browser.click("#order-filter-submit");
			String card = "#admin-order-list [data-order-id='" + order.id() + "']";
			browser.shown(card);
			browser.type(card + " [name='carrier']", "顺丰速运");
			browser.type(card + " [name='trackingNumber']", "SF" + tag);
			browser.click(card + " .ship");
			browser.showsText("#register-notice", "已发货");
			browser.showsText(card + " .shipped", "SF" + tag);
			assertThat(one("SELECT status || ' ' || carrier || ' ' || tracking_number FROM orders WHERE id = :id",
					Map.of("id", order.id()), String.class))
				.isEqualTo("SHIPPED 顺丰速运 SF" + tag);
			browser.script("document.querySelector(arguments[0]).scrollIntoView({block: 'end'})", card);
			browser.screenshot("38-register-orders");

			// the other tabs open without a problem; a SKU's ledger takes an adjustment
			for (String tab : List.of("places", "products", "stock", "flags", "users")) {
				browser.click("#register-nav [data-reg-tab='" + tab + "']");
				browser.shown("#" + tab + "-list");
				assertThat(browser.all("#register-page .form-error").stream().map(WebElement::getText))
					.allMatch(String::isEmpty);
			}
			browser.open(origin() + "/console/#/register/stock/" + sku.id());
			browser.type("#adjust-delta", "-2");
			browser.type("#adjust-reason", "运输破损");
			browser.click("#adjust-form button[type='submit']");
			browser.showsText("#stock-list", "运输破损");
			assertThat(one(
					"SELECT count(*) FROM stock_movement WHERE sku_id = :sku AND kind = 'ADJUSTMENT' AND quantity = -2",
					Map.of("sku", sku.id()), Long.class))
				.isEqualTo(1L);

			// a village renamed on the page: a blank name is said under the field
			browser.click("#register-nav [data-reg-tab='places']");
			String villageCard = "#places-list [data-village-id='" + village.id() + "']";
			browser.click(villageCard + " .reg-edit > summary");
			browser.type(villageCard + " [name='nameZh']", "");
			browser.click(villageCard + " .village-edit-form button[type='submit']");
			browser.shown(villageCard + " .field-error[data-field='nameZh']");
			assertThat(browser.find(villageCard + " [name='nameZh']").getAttribute("aria-invalid")).isEqualTo("true");
			browser.script("document.querySelector(arguments[0]).scrollIntoView({block: 'start'})", villageCard);
			browser.screenshot("43-register-edit");
			browser.type(villageCard + " [name='nameZh']", "禾尼村 " + tag);
			browser.click(villageCard + " .village-edit-form button[type='submit']");
			browser.showsText("#places-list", "禾尼村 " + tag);
			assertThat(one("SELECT name_zh FROM village WHERE id = :id", Map.of("id", village.id()), String.class))
				.isEqualTo("禾尼村 " + tag);

			// a SKU added to the product: ¥128.50 in fen exactly, three decimals refused
			browser.click("#register-nav [data-reg-tab='products']");
			String productCard = "#products-list [data-product-id='" + sku.productId() + "']";
			browser.click(productCard + " details:has(> .sku-add-form) > summary");
			String skuCode = sku.code() + "-500";
			browser.type(productCard + " .sku-add-form [name='code']", skuCode);
			browser.choose(productCard + " .sku-add-form [name='unit']", "PACK");
			browser.type(productCard + " .sku-add-form [name='grade']", "特级 500g");
			browser.type(productCard + " .sku-add-form [name='listPriceFen']", "128.505");
			browser.click(productCard + " .sku-add-form button[type='submit']");
			browser.shown(productCard + " .sku-add-form .field-error[data-field='listPriceFen']");
			browser.type(productCard + " .sku-add-form [name='listPriceFen']", "128.50");
			browser.click(productCard + " .sku-add-form button[type='submit']");
			browser.showsText(productCard + " .reg-skus", skuCode);
			assertThat(one("SELECT list_price_fen FROM sku WHERE code = :code AND product_id = :product",
					Map.of("code", skuCode, "product", sku.productId()), Long.class))
				.isEqualTo(12_850L);

			// the first SKU's price and the product's English name edited; the township
			// renamed
			browser.click(productCard + " [data-sku-id='" + sku.id() + "'] .reg-edit > summary");
			browser.type(productCard + " .sku-edit-form [name='listPriceFen']", "70.00");
			browser.click(productCard + " .sku-edit-form button[type='submit']");
			browser.showsText(productCard + " [data-sku-id='" + sku.id() + "']", "70.00");
			assertThat(one("SELECT list_price_fen FROM sku WHERE id = :id", Map.of("id", sku.id()), Long.class))
				.isEqualTo(7_000L);
			browser.click(productCard + " details:has(> .product-edit-form) > summary");
			browser.type(productCard + " .product-edit-form [name='nameEn']", "Yak jerky " + tag);
			browser.click(productCard + " .product-edit-form button[type='submit']");
			browser.showsText("#register-notice", "已保存");
			assertThat(one("SELECT name_en FROM product WHERE id = :id", Map.of("id", sku.productId()), String.class))
				.isEqualTo("Yak jerky " + tag);
			browser.click("#register-nav [data-reg-tab='places']");
			browser.click("#townships-open");
			String townshipCard = "#township-list [data-township-id='" + village.townshipId() + "']";
			browser.click(townshipCard + " .reg-edit > summary");
			browser.type(townshipCard + " [name='nameZh']", "禾尼乡 " + tag);
			browser.click(townshipCard + " .township-edit-form button[type='submit']");
			browser.showsText("#places-list", "禾尼乡 " + tag);
			assertThat(one("SELECT name_zh FROM township WHERE id = :id", Map.of("id", village.townshipId()),
					String.class))
				.isEqualTo("禾尼乡 " + tag);

			// the card's QR code opens the public page: no phone, no people
			browser.open(here(cardLink));
			browser.showsText("#name", name);
			String page = browser.find("body").getText();
			assertThat(page).doesNotContain(phone).doesNotContain(person);
			browser.screenshot("39-household-public");

			// staff open the whole file from it: signed in as admin, phone and people
			browser.click("#staff");
			browser.shown("#file-people");
			browser.showsText("#file-contact", phone);
			browser.showsText("#file-people", person);
			browser.showsText("#file-account", "2,000.50");
			browser.toTop();
			browser.screenshot("40-household-file");
		}

		// signed out, the file asks to sign in and comes back; a host is told no
		try (ConsoleBrowser browser = ConsoleBrowser.phone()) {
			browser.open(origin() + "/console/#/households/" + cardCode);
			browser.signIn(host, "host-pass-1");
			browser.showsText("#file-error", "只有管理员和会计可以查看农户档案");
			assertThat(browser.all("#file-people")).isEmpty();
			browser.screenshot("41-household-file-host");
		}
		try (ConsoleBrowser browser = ConsoleBrowser.laptop()) {
			browser.open(origin() + "/console/#/households/" + cardCode);
			browser.signIn(admin, "admin-pass-1");
			browser.showsText("#file-people", person);
			browser.screenshot("42-household-file-laptop");
		}
	}

}
