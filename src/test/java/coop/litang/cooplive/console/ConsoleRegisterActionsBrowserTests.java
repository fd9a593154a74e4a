package coop.litang.cooplive.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.inventory.StockLevelView;
import coop.litang.cooplive.members.VillageView;
import coop.litang.cooplive.ordering.OrderManagement;
import coop.litang.cooplive.ordering.OrderView;
import coop.litang.cooplive.ordering.ShipOrder;
import coop.litang.cooplive.testing.Api;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.MutableClock;
import coop.litang.cooplive.testing.Orders;
import coop.litang.cooplive.testing.StripeFake;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The register's actions in a real headless Chromium against the whole service, on a
 * phone, with card payments answered by a local fake of Stripe: an admin delivers a
 * shipped order, cancels an unpaid one (its units return), refunds a card order in part
 * and then the rest, resolves a flagged payment, changes a user's role and pages past the
 * first twenty households. Every outcome is read from PostgreSQL. Screenshots land in
 * {@code target/console-screenshots/}.
 */
@IntegrationTest
@TestPropertySource(
		properties = { "cooplive.test.context=register-actions", "cooplive.stripe.secret-key=sk_test_cooplive",
				"cooplive.stripe.webhook-secret=" + ConsoleRegisterActionsBrowserTests.SECRET,
				"cooplive.stripe.max-network-retries=0", "cooplive.stripe.reconcile-interval=1h" })
class ConsoleRegisterActionsBrowserTests {

	static final String SECRET = "whsec_test_cooplive";

	static final StripeFake STRIPE = StripeFake.shared();

	private static final Duration WAIT = Duration.ofSeconds(30);

	@DynamicPropertySource
	static void stripe(DynamicPropertyRegistry registry) {
		registry.add("cooplive.stripe.api-base", STRIPE::baseUrl);
	}

	@LocalServerPort
	int port;

	@Autowired
	Fixtures fixtures;

	@Autowired
	OrderManagement orders;

	@Autowired
	MutableClock clock;

	@Autowired
	DatabaseClient db;

	@Autowired
	WebTestClient web;

	private String origin() {
		return "http://127.0.0.1:" + this.port;
	}

	private static void inView(ConsoleBrowser browser, String css) {
		browser.script("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", css);
	}

	/**
	 * Marks what the selector shows as the old one, clicks, and waits until the page
	 * shows a new one in its place (the list reloaded after the action).
	 */
	private static void clickAndReload(ConsoleBrowser browser, String css, String button) {
		browser.script("document.querySelector(arguments[0]).setAttribute('data-old', '')", css);
		browser.click(css + " " + button);
		browser.shown(css + ":not([data-old])");
	}

	/** Waits until the page's script answers true. */
	private static void until(ConsoleBrowser browser, String script, Object... arguments) {
		for (int i = 0; i < 150; i++) {
			if (Boolean.TRUE.equals(browser.script(script, arguments))) {
				return;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		throw new AssertionError("never true: " + script);
	}

	/** Waits until nothing on the page matches the selector. */
	private static void gone(ConsoleBrowser browser, String css) {
		for (int i = 0; i < 150; i++) {
			if (browser.all(css).isEmpty()) {
				return;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		throw new AssertionError("still shown: " + css);
	}

	private <T> T one(String sql, Map<String, Object> binds, Class<T> type) {
		var spec = this.db.sql(sql);
		for (var bind : binds.entrySet()) {
			spec = spec.bind(bind.getKey(), bind.getValue());
		}
		return spec.map((row) -> row.get(0, type)).one().block(WAIT);
	}

	private String status(UUID orderId) {
		return one("SELECT status FROM orders WHERE id = :id", Map.of("id", orderId), String.class);
	}

	/**
	 * A storefront order paid by card on delivery, from a buyer with a phone of its own.
	 */
	private OrderView cardOrder(SkuView sku, String phone, long quantity) {
		return Orders.accepted(this.web, Orders.body(null, phone, sku.code(), quantity));
	}

	/** The buyer starts paying: answers the PaymentIntent's id. */
	private String startPayment(OrderView order) {
		return this.web.post()
			.uri("/api/v1/storefront/orders/{id}/payment", order.id())
			.header("X-Order-Token", order.accessToken())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("paymentIntentId")
			.toString();
	}

	/** Stripe tells of the PaymentIntent's success, signed as Stripe signs it. */
	private void paid(String intentId, Long amountReceived, String outcome) {
		String payload = StripeFake.event("payment_intent.succeeded", STRIPE.succeed(intentId, amountReceived));
		this.web.post()
			.uri("/api/v1/payments/stripe/webhook")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Stripe-Signature", StripeFake.sign(payload, SECRET, this.clock.instant()))
			.bodyValue(payload)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo(outcome);
	}

	private static String orderCard(UUID orderId) {
		return "#admin-order-list [data-order-id='" + orderId + "']";
	}

	/** The orders tab, showing the orders of one buyer phone. */
	private static void ordersOf(ConsoleBrowser browser, String phone) {
		browser.click("#register-nav [data-reg-tab='orders']");
		browser.type("#order-filter-phone", phone);
		browser.click("#order-filter-submit");
	}

	@Test
	void anAdminDeliversCancelsRefundsResolvesAFlagChangesARoleAndPagesThroughHouseholds() {
		String tag = Fixtures.unique().toLowerCase();
		String admin = "admin-" + tag;
		this.fixtures.user(admin, "admin-pass-1", Role.ADMIN);
		String adminToken = this.fixtures.token(Role.ADMIN);
		SkuView sku = this.fixtures.skuInStock(5_000, 10);

		// a card order paid and shipped, to be delivered
		String shippedPhone = Fixtures.uniquePhone();
		OrderView shipped = cardOrder(sku, shippedPhone, 1);
		paid(startPayment(shipped), null, "applied");
		this.orders.ship(shipped.id(), new ShipOrder("顺丰速运", "SF" + tag)).block(WAIT);
		assertThat(status(shipped.id())).isEqualTo("SHIPPED");

		// a card order not paid yet, its two units held, to be cancelled
		String pendingPhone = Fixtures.uniquePhone();
		OrderView pending = cardOrder(sku, pendingPhone, 2);
		assertThat(status(pending.id())).isEqualTo("PENDING_PAYMENT");
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 9, 2));

		// a card order of ¥100.00 paid, to be refunded ¥30.00 and then the rest
		SkuView refundSku = this.fixtures.skuInStock(5_000, 10);
		String refundPhone = Fixtures.uniquePhone();
		OrderView refunded = cardOrder(refundSku, refundPhone, 2);
		String refundIntent = startPayment(refunded);
		paid(refundIntent, null, "applied");
		assertThat(status(refunded.id())).isEqualTo("PAID");

		// a payment of ¥1.00 for an order of ¥50.00: flagged, the order left unpaid
		OrderView mismatched = cardOrder(this.fixtures.skuInStock(5_000, 5), Fixtures.uniquePhone(), 1);
		String mismatchedIntent = startPayment(mismatched);
		paid(mismatchedIntent, 100L, "flagged");
		UUID flagId = one("SELECT id FROM payment_flag WHERE reference = :ref AND resolved_at IS NULL",
				Map.of("ref", mismatchedIntent), UUID.class);

		// an accountant, to be made an admin
		String accountant = "accountant-" + tag;
		this.fixtures.user(accountant, "accountant-pass-1", Role.ACCOUNTANT);
		UUID accountantId = one("SELECT id FROM app_user WHERE username = :username", Map.of("username", accountant),
				UUID.class);

		// 21 households whose names share a word, registered as an admin registers them
		VillageView village = this.fixtures.village();
		String word = "翻页" + tag;
		List<String> households = new ArrayList<>();
		for (int i = 1; i <= 21; i++) {
			String name = word + " 第" + i + "户";
			Api.call(this.web, "POST", adminToken, "/api/v1/admin/members",
					Map.of("name", name, "phone", Fixtures.uniquePhone(), "villageId", village.id(), "joinedOn",
							"2024-01-01", "supplier", true, "host", false))
				.expectStatus()
				.isCreated();
			households.add(name);
		}
		UUID twentyFirst = one("SELECT id FROM member WHERE name = :name", Map.of("name", households.get(20)),
				UUID.class);

		try (ConsoleBrowser browser = ConsoleBrowser.phone()) {
			browser.open(origin() + "/console/");
			browser.signIn(admin, "admin-pass-1");
			browser.click("#to-register a");
			browser.shown("#member-list");

			// 1. the shipped order delivered
			ordersOf(browser, shippedPhone);
			String card = orderCard(shipped.id());
			browser.shown(card + "[data-status='SHIPPED']");
			assertThat(browser.all(card + " .cancel")).isEmpty();
			clickAndReload(browser, card, ".deliver");
			browser.showsText("#register-notice", "已确认送达");
			browser.shown(card + "[data-status='DELIVERED']");
			assertThat(browser.all(card + " .deliver")).isEmpty();
			assertThat(status(shipped.id())).isEqualTo("DELIVERED");
			inView(browser, card);
			browser.screenshot("44-register-delivered");

			// 2. the unpaid order cancelled: its two units are back
			ordersOf(browser, pendingPhone);
			card = orderCard(pending.id());
			browser.shown(card + "[data-status='PENDING_PAYMENT']");
			assertThat(browser.all(card + " .deliver")).isEmpty();
			clickAndReload(browser, card, ".cancel");
			browser.showsText("#register-notice", "订单已取消");
			browser.shown(card + "[data-status='CANCELLED']");
			assertThat(browser.all(card + " .cancel")).isEmpty();
			assertThat(status(pending.id())).isEqualTo("CANCELLED");
			assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 9, 0));
			assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));

			// 3. the card order refunded ¥30.00, then the remaining ¥70.00
			ordersOf(browser, refundPhone);
			card = orderCard(refunded.id());
			browser.shown(card + "[data-status='PAID'] .refund-form");
			// three decimals are refused on the page, before Stripe is asked
			browser.type(card + " .refund-form [name='amountFen']", "30.005");
			browser.click(card + " .refund-form .refund");
			browser.shown(card + " .refund-form .field-error[data-field='amountFen']");
			assertThat(STRIPE.refundsOf(refundIntent)).isEmpty();
			browser.type(card + " .refund-form [name='amountFen']", "30.00");
			browser.type(card + " .refund-form [name='reason']", "一盒破损");
			clickAndReload(browser, card, ".refund-form .refund");
			browser.showsText("#register-notice", "退款已提交");
			browser.shown(card + "[data-status='PAID'] .refund-form");
			assertThat(one("SELECT status || ' ' || refunded_fen FROM orders WHERE id = :id",
					Map.of("id", refunded.id()), String.class))
				.isEqualTo("PAID 3000");
			assertThat(one("SELECT sum(amount_fen) FROM refund WHERE order_id = :id AND status = 'SUCCEEDED'",
					Map.of("id", refunded.id()), Long.class))
				.isEqualTo(3_000L);
			// more than what is left is refused
			browser.type(card + " .refund-form [name='amountFen']", "70.01");
			browser.type(card + " .refund-form [name='reason']", "太多");
			browser.click(card + " .refund-form .refund");
			browser.shown(card + " .refund-form .form-error:not(:empty)");
			assertThat(one("SELECT refunded_fen FROM orders WHERE id = :id", Map.of("id", refunded.id()), Long.class))
				.isEqualTo(3_000L);
			browser.type(card + " .refund-form [name='amountFen']", "70.00");
			browser.type(card + " .refund-form [name='reason']", "买家改变主意");
			clickAndReload(browser, card, ".refund-form .refund");
			browser.shown(card + "[data-status='REFUNDED']");
			assertThat(browser.find(card + " .refund-form").isDisplayed()).isFalse();
			assertThat(one("SELECT status || ' ' || refunded_fen FROM orders WHERE id = :id",
					Map.of("id", refunded.id()), String.class))
				.isEqualTo("REFUNDED 10000");
			assertThat(STRIPE.refundsOf(refundIntent)).hasSize(2);
			// a full refund of an unshipped order returns its units
			assertThat(this.fixtures.level(refundSku.id())).isEqualTo(StockLevelView.of(refundSku.id(), 10, 0));
			assertThat(this.fixtures.levelFromLedger(refundSku.id())).isEqualTo(this.fixtures.level(refundSku.id()));
			inView(browser, card);
			browser.screenshot("45-register-refunded");

			// 4. the flagged payment resolved, saying what was done
			browser.click("#register-nav [data-reg-tab='flags']");
			String flag = "#flags-list [data-flag-id='" + flagId + "']";
			browser.showsText(flag, "金额不符");
			browser.showsText(flag, mismatchedIntent);
			// the currency as people write it, not Stripe's lower-case code
			browser.showsText(flag, "CNY");
			inView(browser, flag);
			browser.screenshot("46-register-flag");
			browser.type(flag + " [name='resolution']", "已联系买家，差额退回 " + tag);
			browser.click(flag + " .resolve-form button[type='submit']");
			browser.showsText("#register-notice", "已保存");
			gone(browser, flag);
			assertThat(one("SELECT resolved_by || ' ' || resolution FROM payment_flag WHERE id = :id",
					Map.of("id", flagId), String.class))
				.isEqualTo(admin + " 已联系买家，差额退回 " + tag);
			assertThat(status(mismatched.id())).isEqualTo("PENDING_PAYMENT");

			// 5. the accountant made an admin
			browser.click("#register-nav [data-reg-tab='users']");
			String user = "#users-list [data-user-id='" + accountantId + "']";
			browser.shown(user + "[data-role='ACCOUNTANT']");
			// the roles by their names, not their codes
			assertThat(browser.find(user + " select.role option[value='ADMIN']").getText()).isEqualTo("管理员");
			assertThat(browser.find(user + " select.role option:checked").getText()).isEqualTo("会计");
			browser.choose(user + " select.role", "ADMIN");
			clickAndReload(browser, user, ".set-role");
			browser.showsText("#register-notice", "已保存");
			browser.shown(user + "[data-role='ADMIN']");
			assertThat(one("SELECT role FROM app_user WHERE id = :id", Map.of("id", accountantId), String.class))
				.isEqualTo("ADMIN");
			assertThat(one("SELECT count(*) FROM audit_log WHERE subject = :subject AND action = 'user.role'",
					Map.of("subject", "user:" + accountantId), Long.class))
				.isEqualTo(1L);
			inView(browser, user);
			browser.screenshot("47-register-role");

			// 6. twenty households a page: the 21st is on the second
			browser.click("#register-nav [data-reg-tab='households']");
			browser.type("#member-search", word);
			browser.click("#register-page form[role='search'] button[type='submit']");
			// the search's answer, not the whole register's first page
			until(browser,
					"const items = [...document.querySelectorAll('#member-list [data-member-id]')];"
							+ "return items.length > 0 && items.every((li) => li.textContent.includes(arguments[0]));",
					word);
			browser.showsText("#register-page .pager", "第 1 / 2 页");
			assertThat(browser.all("#member-list [data-member-id]")).hasSize(20);
			assertThat(browser.find("#member-list").getText()).contains(households.get(19))
				.doesNotContain(households.get(20));
			assertThat(browser.find("#register-page .pager .prev").isEnabled()).isFalse();
			browser.click("#register-page .pager .next");
			browser.showsText("#register-page .pager", "第 2 / 2 页");
			browser.showsText("#member-list", households.get(20));
			assertThat(browser.all("#member-list [data-member-id]")).singleElement()
				.satisfies((item) -> assertThat(item.getAttribute("data-member-id")).isEqualTo(twentyFirst.toString()));
			assertThat(browser.find("#register-page .pager .next").isEnabled()).isFalse();
			assertThat(one("SELECT count(*) FROM member WHERE name LIKE :word", Map.of("word", word + "%"), Long.class))
				.isEqualTo(21L);
			browser.toTop();
			browser.screenshot("48-register-pager");
			browser.click("#register-page .pager .prev");
			browser.showsText("#register-page .pager", "第 1 / 2 页");
			browser.showsText("#member-list", households.get(0));
		}
	}

}
