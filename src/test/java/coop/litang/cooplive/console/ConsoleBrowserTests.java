package coop.litang.cooplive.console;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.catalog.Unit;
import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.livestream.LineupItemDetails;
import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.Orders;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real headless Chromium against the whole service: a host signs in on a
 * phone, sees their own sessions and no one else's, schedules one and sees it listed; a
 * wrong password and a throttled sign-in are told in words. Screenshots of each screen
 * land in {@code target/console-screenshots/}.
 */
@IntegrationTest
// a lock long enough to be seen by the browser after the fifth wrong password
@TestPropertySource(properties = "cooplive.identity.sign-in.first-lock=60s")
class ConsoleBrowserTests {

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

	private static String username(String kind) {
		return kind + "-" + Fixtures.unique().toLowerCase();
	}

	private static List<String> listedTitles(ConsoleBrowser browser) {
		return browser.all("#session-list .session-title").stream().map(WebElement::getText).toList();
	}

	private void addItem(ConsoleBrowser browser, String search, String skuId, String price, String quota,
			String perBuyer) {
		browser.type("#sku-search", search);
		browser.click("#sku-search-button");
		browser.shown("#skuId option[value='" + skuId + "']");
		browser.choose("#skuId", skuId);
		browser.type("#sessionPrice", price);
		browser.type("#quota", quota);
		browser.type("#perBuyerLimit", perBuyer);
	}

	@Test
	void aHostOpensTheirSessionAddsItemsGoesLiveAndPinsOne() {
		String username = username("host");
		MemberView host = this.fixtures.host(username, "host-password-7");
		String tag = Fixtures.unique().toUpperCase();
		// list ¥1,280.00 a box: below half of it (¥640.00) only an admin may sell
		SkuView cordyceps = this.fixtures.product("CORD" + tag, "理塘虫草", "Litang cordyceps", Unit.BOX, "一盒 20 根", 128000,
				40);
		SkuView jerky = this.fixtures.product("YAK" + tag, "牦牛肉干", "Yak jerky", Unit.PACK, "250 克", 9800, 200);
		String title = "理塘虫草夜场 Cordyceps night";
		var session = this.fixtures.scheduledSession(host.id(), title, Instant.parse("2030-06-01T12:00:00Z"));

		try (ConsoleBrowser browser = ConsoleBrowser.phone()) {
			browser.open(console());
			browser.signIn(username, "host-password-7");
			browser.showsText("#session-list", "Cordyceps night");
			browser.click("#session-list .open");
			browser.showsText("#session-title", title);
			assertThat(browser.find("#session-status").getText()).isEqualTo("待开播");
			assertThat(browser.find("#session-when").getText()).contains("2030-06-01").contains("20:00");
			assertThat(browser.find("#session-start").isDisplayed()).isTrue();
			assertThat(browser.find("#session-end").isDisplayed()).isFalse();

			// too low a price: the API's PRICE_NEEDS_ADMIN is told under the price
			addItem(browser, "CORD" + tag, cordyceps.id().toString(), "500", "4", "2");
			browser.showsText("#sku-info", "¥1,280.00");
			browser.showsText("#sku-info", "可用库存 40");
			assertThat(browser.find("#sku-info").getText()).contains("盒");
			browser.click("#item-submit");
			WebElement priceProblem = browser.showsText(".field-error[data-field='sessionPriceFen']", "价格太低");
			assertThat(priceProblem.getText()).contains("管理员");
			assertThat(browser.find("#sessionPrice").getAttribute("aria-invalid")).isEqualTo("true");
			assertThat(browser.all("#lineup-list .item")).isEmpty();
			browser.script("document.querySelector('#sessionPrice').scrollIntoView({block: 'center'})");
			browser.screenshot("11-price-needs-admin");

			// a price in yuan with two decimals is sent as integer fen
			browser.type("#sessionPrice", "1,180.50");
			assertThat(priceProblem.getText()).isEmpty();
			browser.click("#item-submit");
			browser.showsText("#lineup-list", cordyceps.code());
			browser.showsText("#session-error", "已上架");

			addItem(browser, "YAK" + tag, jerky.id().toString(), "88", "50", "5");
			browser.click("#payToClaim");
			browser.type("#holdMinutes", "10");
			browser.click("#item-submit");
			browser.showsText("#lineup-list", jerky.code());
			WebElement cordycepsCard = browser.find("#lineup-list [data-sku-code='" + cordyceps.code() + "']");
			assertThat(cordycepsCard.getText()).contains("¥1,180.50")
				.contains("已卖 0 / 共 4，还剩 4")
				.contains("每人限购 2")
				.contains("未付款保留 5 分钟")
				.contains("仅限验证过手机号的买家")
				.doesNotContain("先付先得");
			WebElement jerkyCard = browser.find("#lineup-list [data-sku-code='" + jerky.code() + "']");
			assertThat(jerkyCard.getText()).contains("¥88.00")
				.contains("每人限购 5")
				.contains("未付款保留 10 分钟")
				.contains("先付先得");
			assertThat(this.db.sql("SELECT session_price_fen FROM lineup_item WHERE session_id = :id AND sku_id = :sku")
				.bind("id", session.id())
				.bind("sku", cordyceps.id())
				.map((row) -> row.get(0, Long.class))
				.one()
				.block(Duration.ofSeconds(10))).isEqualTo(118050L);
			assertThat(browser.script("return document.documentElement.scrollWidth")).isEqualTo(360L);
			browser.script("window.scrollTo(0, 0)");
			browser.screenshot("12-session-lineup");

			// going live asks first
			browser.click("#session-start");
			browser.showsText("#confirm-text", "现在开播");
			browser.screenshot("13-confirm-start");
			browser.click("#confirm-yes");
			browser.showsText("#session-status", "直播中");
			browser.showsText("#session-error", "已开播");
			assertThat(browser.find("#session-end").isDisplayed()).isTrue();
			assertThat(browser.find("#session-start").isDisplayed()).isFalse();

			// two buyers take the four boxes: the cordyceps is sold out
			for (int buyer = 0; buyer < 2; buyer++) {
				Orders.accepted(this.web, Orders.body(session.id(), Fixtures.uniquePhone(), cordyceps.code(), 2));
			}
			browser.click("#lineup-list [data-sku-code='" + jerky.code() + "'] .pin");
			browser.shown("#lineup-list [data-sku-code='" + jerky.code() + "'] .pinned-mark");
			assertThat(
					browser.find("#lineup-list [data-sku-code='" + cordyceps.code() + "'] .pinned-mark").isDisplayed())
				.isFalse();
			browser.script("window.scrollTo(0, 0)");
			browser.screenshot("14-live-pinned");

			assertThat(this.db.sql("SELECT status FROM live_session WHERE id = :id")
				.bind("id", session.id())
				.map((row) -> row.get(0, String.class))
				.one()
				.block(Duration.ofSeconds(10))).isEqualTo("LIVE");
			assertThat(this.db.sql("SELECT sku_code FROM lineup_item WHERE session_id = :id AND pinned")
				.bind("id", session.id())
				.map((row) -> row.get(0, String.class))
				.all()
				.collectList()
				.block(Duration.ofSeconds(10))).containsExactly(jerky.code());

			// ending it twice is told in words: the second time the session is no longer
			// live
			browser.click("#lang-switch");
			browser.showsText("#session-status", "Live");
			browser.showsText("#lineup-list", "Pinned");
			browser.screenshot("15-live-pinned-english");
			this.fixtures.endSession(session.id());
			browser.click("#session-end");
			browser.showsText("#confirm-text", "End");
			browser.click("#confirm-yes");
			browser.showsText("#session-error", "does not allow this now");
			browser.click("#lang-switch");
		}
	}

	@Test
	void aHostSignsInSeesTheirSessionsSchedulesOneAndSignsOut() {
		String username = username("host");
		MemberView host = this.fixtures.host(username, "host-password-1");
		Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
		this.fixtures.scheduledSession(host.id(), "虫草专场 Cordyceps evening", tomorrow);
		this.fixtures.scheduledSession(host.id(), "牦牛肉干 Yak jerky", tomorrow.plus(Duration.ofHours(2)));

		try (ConsoleBrowser browser = ConsoleBrowser.phone()) {
			browser.open(console());
			browser.showsText("#view-sign-in h1", "主播登录");
			assertThat(browser.script("return window.innerWidth")).isEqualTo(360L);
			// nothing is wider than the phone
			assertThat(browser.script("return document.documentElement.scrollWidth")).isEqualTo(360L);
			browser.screenshot("01-sign-in");

			browser.signIn(username, "host-password-1");
			browser.showsText("#sessions-title", "我的直播场次");
			browser.showsText("#session-list", "Yak jerky");
			assertThat(listedTitles(browser)).containsExactly("虫草专场 Cordyceps evening", "牦牛肉干 Yak jerky");
			assertThat(browser.find("#who").getText()).contains(host.name()).contains("主播");
			assertThat(browser.find("#session-list .status").getText()).isEqualTo("待开播");
			assertThat(browser.script("return document.documentElement.scrollWidth")).isEqualTo(360L);
			browser.screenshot("02-my-sessions");

			browser.click("#new-session");
			browser.shown("#view-new-session");
			// the problems of a session without a title are shown next to the title
			browser.type("#title", " ");
			browser.click("#session-submit");
			WebElement titleProblem = browser.shown(".field-error[data-field='title']");
			assertThat(titleProblem.getText()).isNotBlank();
			assertThat(browser.find("#title").getAttribute("aria-invalid")).isEqualTo("true");
			browser.screenshot("03-new-session-problems");

			browser.type("#title", "羊肚菌 Morels from Azong");
			assertThat(titleProblem.getText()).isEmpty();
			browser.choose("#channel", "WECHAT_CHANNELS");
			browser.type("#roomLink", "https://channels.weixin.qq.com/live/azong");
			// Christmas Eve, 20:00 in Litang (Beijing time) is 12:00 UTC
			browser.set("#scheduledStart", "2026-12-24T20:00");
			browser.screenshot("04-new-session");
			browser.click("#session-submit");

			browser.showsText("#sessions-error", "场次已保存");
			browser.showsText("#session-list", "Morels from Azong");
			assertThat(listedTitles(browser)).containsExactly("虫草专场 Cordyceps evening", "牦牛肉干 Yak jerky",
					"羊肚菌 Morels from Azong");
			WebElement created = browser.all("#session-list .card").get(2);
			assertThat(created.getText()).contains("2026-12-24").contains("20:00").contains("微信视频号");
			browser.screenshot("05-session-created");

			OffsetDateTime stored = this.db
				.sql("SELECT scheduled_start FROM live_session WHERE host_member_id = :host AND title = :title")
				.bind("host", host.id())
				.bind("title", "羊肚菌 Morels from Azong")
				.map((row) -> row.get(0, OffsetDateTime.class))
				.one()
				.block(Duration.ofSeconds(10));
			assertThat(stored.toInstant()).isEqualTo(Instant.parse("2026-12-24T12:00:00Z"));

			// in English, the same list
			browser.click("#lang-switch");
			browser.showsText("#sessions-title", "My sessions");
			browser.showsText("#session-list", "Scheduled");
			browser.screenshot("06-my-sessions-english");
			browser.click("#lang-switch");
			browser.showsText("#sessions-title", "我的直播场次");

			browser.click("#sign-out");
			browser.showsText("#sign-in-error", "已退出");
			assertThat(browser.script("return sessionStorage.length")).isEqualTo(0L);
		}
	}

	@Test
	void aSecondHostDoesNotSeeTheFirstHostsSessions() {
		MemberView first = this.fixtures.host(username("host"), "host-password-2");
		this.fixtures.scheduledSession(first.id(), "First host only", Instant.now().plus(Duration.ofDays(2)));
		String second = username("host");
		MemberView secondHost = this.fixtures.host(second, "host-password-3");
		// list price ¥116.00, sold in the session at ¥58.00: amounts are yuan from fen
		this.fixtures.scheduledSession(secondHost.id(),
				new LineupItemDetails(this.fixtures.sku(11600).id(), 5800L, 20L, 2L));

		try (ConsoleBrowser browser = ConsoleBrowser.phone()) {
			browser.open(console());
			browser.signIn(second, "host-password-3");
			browser.showsText("#sessions-title", "我的直播场次");
			browser.showsText("#session-list", "1 件商品，¥58.00 起");
			assertThat(listedTitles(browser)).hasSize(1).allMatch((title) -> title.startsWith("Live "));
			assertThat(browser.find("#view-sessions").getText()).doesNotContain("First host only");
			browser.screenshot("07-second-host-sessions");
		}
	}

	@Test
	void anAdminSeesEveryHostsSessions() {
		MemberView one = this.fixtures.host(username("host"), "host-password-4");
		MemberView other = this.fixtures.host(username("host"), "host-password-5");
		String mine = "Admin sees " + Fixtures.unique();
		this.fixtures.scheduledSession(one.id(), mine + " A", Instant.parse("2030-01-01T02:00:00Z"));
		this.fixtures.scheduledSession(other.id(), mine + " B", Instant.parse("2030-01-01T03:00:00Z"));
		String admin = username("admin");
		this.fixtures.user(admin, "admin-password-1", Role.ADMIN);

		try (ConsoleBrowser browser = ConsoleBrowser.laptop()) {
			browser.open(console());
			browser.signIn(admin, "admin-password-1");
			browser.showsText("#sessions-title", "全部直播场次");
			browser.showsText("#status-filter", "待开播");
			browser.click("#status-filter [data-status='SCHEDULED']");
			// sessions come by scheduled start: these two are the last ones (2030)
			browser.shown("#session-list .card");
			while (!browser.find("#session-list").getText().contains(mine + " B")
					&& browser.find("#page-next").isDisplayed() && browser.find("#page-next").isEnabled()) {
				browser.click("#page-next");
				browser.shown("#session-list .card");
			}
			browser.showsText("#session-list", mine + " A");
			browser.showsText("#session-list", mine + " B");
			browser.screenshot("08-admin-all-sessions-laptop");
		}
	}

	@Test
	void aWrongPasswordIsToldInWordsAndSoIsTheWaitAfterTooMany() {
		String username = username("host");
		this.fixtures.host(username, "host-password-6");

		try (ConsoleBrowser browser = ConsoleBrowser.phone()) {
			browser.open(console());
			browser.signIn(username, "not-the-password");
			browser.showsText("#sign-in-error", "用户名或密码不对");
			assertThat(browser.find("#view-sessions").isDisplayed()).isFalse();
			browser.screenshot("09-wrong-password");

			browser.click("#lang-switch");
			browser.showsText("#view-sign-in h1", "Host sign-in");
			browser.signIn(username, "still-not-it");
			browser.showsText("#sign-in-error", "Wrong username or password.");
			browser.click("#lang-switch");

			for (int failure = 3; failure <= 5; failure++) {
				browser.signIn(username, "guess-" + failure);
				browser.showsText("#sign-in-error", "用户名或密码不对");
			}
			// the sixth is refused before the password is looked at, even the right one
			browser.signIn(username, "host-password-6");
			String wait = browser.showsText("#sign-in-error", "秒后再试").getText();
			assertThat(wait).matches("登录失败次数太多，请 \\d+ 秒后再试。");
			browser.screenshot("10-sign-in-throttled");
		}
	}

}
