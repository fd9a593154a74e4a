package coop.litang.cooplive.console;

import java.time.Duration;
import java.util.List;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.catalog.Unit;
import coop.litang.cooplive.livestream.SessionView;
import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.Orders;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host runs a live session from the console on a phone, in a real headless Chromium
 * against the whole service: edits the session and its line-up, goes live, enters an
 * order taken from chat for a repeat buyer with the keyboard alone, watches the live
 * panel move when a buyer orders from the storefront, records the offline payment and is
 * told in words when an item is sold out. Screenshots land in
 * {@code target/console-screenshots/}.
 */
@IntegrationTest
class ConsoleOrdersBrowserTests {

	@LocalServerPort
	int port;

	@Autowired
	Fixtures fixtures;

	@Autowired
	DatabaseClient db;

	@Autowired
	WebTestClient web;

	private String console() {
		return "http://127.0.0.1:" + this.port + "/console/";
	}

	private static void addItem(ConsoleBrowser browser, String search, SkuView sku, String price, String quota,
			String perBuyer) {
		browser.type("#sku-search", search);
		browser.click("#sku-search-button");
		// the page may still be answering an earlier search, which replaces the options
		for (int attempt = 0;; attempt++) {
			try {
				browser.shown("#skuId option[value='" + sku.id() + "']");
				browser.choose("#skuId", sku.id().toString());
				break;
			}
			catch (StaleElementReferenceException ex) {
				if (attempt >= 3) {
					throw ex;
				}
			}
		}
		browser.type("#sessionPrice", price);
		browser.type("#quota", quota);
		browser.type("#perBuyerLimit", perBuyer);
		browser.click("#item-submit");
		browser.showsText("#lineup-list", sku.code());
	}

	private static String card(SkuView sku) {
		return "#lineup-list [data-sku-code='" + sku.code() + "']";
	}

	private static void top(ConsoleBrowser browser, String css) {
		browser.script("document.querySelector(arguments[0]).scrollIntoView({block: 'start'})", css);
	}

	private long priceFen(SkuView sku) {
		return this.db.sql("SELECT session_price_fen FROM lineup_item WHERE sku_id = :sku")
			.bind("sku", sku.id())
			.map((row) -> row.get(0, Long.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	@Test
	void aHostRunsALiveSessionEntersOrdersAndWatchesSales() {
		String tag = Fixtures.unique().toUpperCase();
		String username = "host-" + tag.toLowerCase();
		MemberView host = this.fixtures.host(username, "host-password-8");
		// list ¥1,280.00 a box and ¥98.00 a pack
		SkuView cordyceps = this.fixtures.product("CORD" + tag, "理塘虫草", "Litang cordyceps", Unit.BOX, "一盒 20 根", 128000,
				40);
		SkuView jerky = this.fixtures.product("YAK" + tag, "牦牛肉干", "Yak jerky", Unit.PACK, "250 克", 9800, 200);
		SkuView butter = this.fixtures.product("BUT" + tag, "酥油", "Yak butter", Unit.PACK, "500 克", 6800, 20);
		// a buyer who ordered in an earlier session of this host
		SkuView earlier = this.fixtures.skuInStock(5800, 20);
		SessionView past = this.fixtures.liveSession(host.id(), earlier.id(), 5000, 10, 5);
		String repeatPhone = Fixtures.uniquePhone();
		Orders.accepted(this.web, Orders.body(past.id(), repeatPhone, earlier.code(), 1));
		this.fixtures.endSession(past.id());

		try (ConsoleBrowser browser = ConsoleBrowser.phone()) {
			browser.open(console());
			browser.shown("#view-sign-in");
			browser.type("#username", username);
			browser.type("#password", "host-password-8");
			browser.click("#sign-in-submit");

			// a new session, opened from the list
			browser.click("#new-session");
			browser.type("#title", "虫草夜场 Cordyceps night");
			browser.choose("#channel", "DOUYIN");
			browser.set("#scheduledStart", "2030-06-01T20:00");
			browser.click("#session-submit");
			browser.showsText("#session-list", "Cordyceps night");
			browser.all("#session-list .card")
				.stream()
				.filter((card) -> card.getText().contains("Cordyceps night"))
				.findFirst()
				.map((card) -> card.findElement(By.cssSelector(".open")))
				.ifPresent(browser::click);
			browser.showsText("#session-title", "Cordyceps night");

			// editing the session: a problem is told under its field, then the change is
			// saved
			browser.click("#session-edit");
			browser.shown("#edit-session-form");
			assertThat(browser.find("#edit-title").getAttribute("value")).isEqualTo("虫草夜场 Cordyceps night");
			assertThat(browser.find("#edit-scheduledStart").getAttribute("value")).isEqualTo("2030-06-01T20:00");
			browser.type("#edit-title", " ");
			browser.click("#edit-session-submit");
			browser.shown("#edit-session-form .field-error[data-field='title']");
			assertThat(browser.find("#edit-title").getAttribute("aria-invalid")).isEqualTo("true");
			browser.type("#edit-title", "虫草夜场（加场）Cordyceps late night");
			browser.choose("#edit-channel", "KUAISHOU");
			browser.type("#edit-roomLink", "https://live.kuaishou.com/litang");
			browser.set("#edit-scheduledStart", "2030-06-01T21:30");
			top(browser, "#edit-session");
			browser.screenshot("16-edit-session");
			browser.click("#edit-session-submit");
			browser.showsText("#session-title", "Cordyceps late night");
			browser.showsText("#session-error", "场次已修改");
			assertThat(browser.find("#session-channel").getText()).isEqualTo("快手");
			assertThat(browser.find("#session-when").getText()).contains("2030-06-01").contains("21:30");
			assertThat(browser.find("#edit-session").isDisplayed()).isFalse();

			// three items; one is changed and one taken off again
			addItem(browser, "CORD" + tag, cordyceps, "1180", "3", "5");
			addItem(browser, "YAK" + tag, jerky, "88", "50", "5");
			addItem(browser, "BUT" + tag, butter, "60", "10", "2");
			browser.click(card(jerky) + " .edit");
			browser.shown(card(jerky) + " .item-edit-form");
			assertThat(browser.find("#edit-price").getAttribute("value")).isEqualTo("88.00");
			browser.type("#edit-price", "86.5");
			browser.type("#edit-quota", "0");
			browser.click(card(jerky) + " .save");
			browser.showsText(card(jerky) + " .field-error[data-field='quota']", "大于 0");
			browser.type("#edit-quota", "40");
			browser.type("#edit-perBuyerLimit", "4");
			browser.click("#edit-payToClaim");
			browser.click("#edit-payToClaim");
			top(browser, card(jerky));
			browser.screenshot("17-edit-item");
			browser.click(card(jerky) + " .save");
			browser.showsText(card(jerky), "¥86.50");
			browser.showsText("#session-error", "已修改");
			assertThat(browser.find(card(jerky)).getText()).contains("已卖 0 / 共 40，还剩 40").contains("每人限购 4");
			assertThat(priceFen(jerky)).isEqualTo(8650L);
			browser.click(card(butter) + " .remove");
			browser.showsText(card(butter) + " .remove", "确认下架");
			browser.click(card(butter) + " .remove");
			browser.showsText("#session-error", "已下架");
			assertThat(browser.all(card(butter))).isEmpty();
			assertThat(browser.all("#lineup-list .item")).hasSize(2);

			// live, with the jerky pinned
			browser.click("#session-start");
			browser.click("#confirm-yes");
			browser.showsText("#session-status", "直播中");
			browser.click(card(jerky) + " .pin");
			browser.shown(card(jerky) + " .pinned-mark");
			assertThat(browser.find(card(cordyceps) + " .item-actions").isDisplayed()).isFalse();
			browser.shown("#live-panel");
			browser.showsText("#live-status", "更新于");
			assertThat(browser.find("#live-orders").getText()).isEqualTo("0");
			String sessionId = ((String) browser.script("return location.hash")).substring("#/sessions/".length());

			// the repeat buyer's name and address come with their phone, typed with the
			// keyboard alone; Enter places the order
			browser.shown("#quick-order");
			assertThat(browser.find("#order-item").getAttribute("value")).isEqualTo(jerky.code());
			WebElement phone = browser.find("#order-phone");
			browser.click(phone);
			phone.sendKeys("+86 " + repeatPhone.substring(0, 3) + " " + repeatPhone.substring(3, 7) + " "
					+ repeatPhone.substring(7));
			browser.showsText("#order-known", "老买家");
			assertThat(browser.find("#order-name").getAttribute("value")).isEqualTo("买家 Buyer");
			assertThat(browser.find("#order-address").getAttribute("value")).isEqualTo("理塘县 高城镇 1号");
			phone.sendKeys(Keys.TAB);
			assertThat(browser.script("return document.activeElement.id")).isEqualTo("order-name");
			WebElement active = browser.find("#order-name");
			active.sendKeys(Keys.TAB);
			assertThat(browser.script("return document.activeElement.id")).isEqualTo("order-address");
			browser.find("#order-address").sendKeys(Keys.TAB);
			assertThat(browser.script("return document.activeElement.id")).isEqualTo("order-item");
			browser.find("#order-item").sendKeys(Keys.TAB);
			assertThat(browser.script("return document.activeElement.id")).isEqualTo("order-quantity");
			WebElement quantity = browser.find("#order-quantity");
			quantity.sendKeys(Keys.chord(Keys.CONTROL, "a"), "2");
			quantity.sendKeys(Keys.TAB);
			assertThat(browser.script("return document.activeElement.id")).isEqualTo("order-offline");
			browser.find("#order-offline").sendKeys(Keys.TAB);
			assertThat(browser.script("return document.activeElement.id")).isEqualTo("order-note");
			browser.find("#order-note").sendKeys("微信转账 8812");
			top(browser, "#quick-order");
			browser.screenshot("18-quick-order-repeat-buyer");
			browser.find("#order-note").sendKeys(Keys.ENTER);
			browser.showsText("#session-error", "已下单：买家 Buyer，¥173.00");
			assertThat(browser.find("#order-phone").getAttribute("value")).isEmpty();
			assertThat(browser.script("return document.activeElement.id")).isEqualTo("order-phone");

			// the order is listed, unpaid; the live panel counts it
			browser.showsText("#order-list", "待付款");
			// (the list is drawn anew when the live panel moves: each look finds it
			// again)
			for (String part : List.of("¥173.00", jerky.code() + " × 2", "买家 Buyer", "线下付款", "微信转账 8812")) {
				browser.showsText("#order-list .order", part);
			}
			browser.showsText("#live-orders", "1");
			browser.showsText("#live-gmv", "¥173.00");
			browser.showsText("#live-units", "2");

			// a buyer orders a box from the storefront: the panel follows within moments
			Orders.accepted(this.web,
					Orders.body(java.util.UUID.fromString(sessionId), Fixtures.uniquePhone(), cordyceps.code(), 1));
			browser.showsText("#live-orders", "2");
			browser.showsText("#live-gmv", "¥1,353.00");
			browser.showsText("#live-units", "3");
			browser.showsText("#live-items [data-sku-code='" + cordyceps.code() + "']", "已卖 1，还剩 2");
			browser.showsText("#order-list", cordyceps.code() + " × 1");
			assertThat(browser.all("#live-chart canvas")).isNotEmpty();
			top(browser, "#live-panel");
			browser.screenshot("19-live-panel");

			// the offline payment is recorded
			// (found by its id each time: the list may be drawn anew in between)
			String offline = "#order-list [data-order-id='"
					+ this.db.sql("SELECT id FROM orders WHERE session_id = :session AND buyer_phone = :phone")
						.bind("session", java.util.UUID.fromString(sessionId))
						.bind("phone", repeatPhone)
						.map((row) -> row.get(0, java.util.UUID.class))
						.one()
						.block(Duration.ofSeconds(10))
					+ "']";
			assertThat(browser.find(offline).getText()).contains(jerky.code() + " × 2");
			assertThat(browser.find(offline + " .mark-paid input").getAttribute("value")).isEqualTo("微信转账 8812");
			browser.script("document.querySelector(arguments[0]).scrollIntoView({block: 'start'})", offline);
			browser.screenshot("20-orders");
			browser.click(browser.find(offline + " .mark-paid button"));
			browser.showsText("#session-error", "已记为已付");
			browser.showsText("#order-list", "已付款");
			assertThat(this.db.sql("SELECT status FROM orders WHERE session_id = :session AND buyer_phone = :phone")
				.bind("session", java.util.UUID.fromString(sessionId))
				.bind("phone", repeatPhone)
				.map((row) -> row.get(0, String.class))
				.one()
				.block(Duration.ofSeconds(10))).isEqualTo("PAID");

			// the last two boxes go to the storefront: the cordyceps is sold out, plain
			// to
			// see, and a quick order for it is told so in words
			Orders.accepted(this.web,
					Orders.body(java.util.UUID.fromString(sessionId), Fixtures.uniquePhone(), cordyceps.code(), 2));
			browser.shown("#live-items [data-sku-code='" + cordyceps.code() + "'] .sold-out");
			browser.shown(card(cordyceps) + " .sold-out");
			browser.type("#order-phone", Fixtures.uniquePhone());
			browser.type("#order-name", "次仁 Tsering");
			browser.type("#order-address", "理塘县 奔戈乡 2号");
			browser.choose("#order-item", cordyceps.code());
			browser.type("#order-quantity", "1");
			browser.click("#order-cod");
			browser.click("#order-submit");
			WebElement refusal = browser.showsText("#order-form .field-error[data-field='lines[0].quantity']", "剩下的不够");
			assertThat(refusal.getText()).doesNotContain("QUOTA_EXCEEDED");
			assertThat(browser.find("#order-quantity").getAttribute("aria-invalid")).isEqualTo("true");
			assertThat(browser.find("#order-form-error").getText()).doesNotContain("QUOTA_EXCEEDED");
			assertThat(browser.script("return document.documentElement.scrollWidth")).isEqualTo(360L);
			browser.script("document.querySelector('#order-quantity').scrollIntoView({block: 'center'})");
			browser.screenshot("21-sold-out-refusal");

			// over the per-buyer limit, in English
			browser.click("#lang-switch");
			browser.showsText("#live-panel h2", "Live sales");
			browser.choose("#order-item", jerky.code());
			browser.type("#order-quantity", "5");
			browser.click("#order-submit");
			browser.showsText("#order-form .field-error[data-field='lines[0].quantity']", "ask for fewer");
			top(browser, "#live-panel");
			browser.screenshot("22-live-panel-english");
			browser.click("#lang-switch");
			browser.showsText("#live-panel h2", "实时销售");
			assertThat(browser.script("return document.documentElement.scrollWidth")).isEqualTo(360L);
		}
	}

}
