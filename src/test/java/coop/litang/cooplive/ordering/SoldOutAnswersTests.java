package coop.litang.cooplive.ordering;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written checks that let a sold-out item's late buyers be refused early agree
 * with the bean validation annotations the controller applies.
 */
class SoldOutAnswersTests {

	private static final Validator VALIDATOR = Validation.byDefaultProvider()
		.configure()
		.messageInterpolator(new ParameterMessageInterpolator())
		.buildValidatorFactory()
		.getValidator();

	// ordinary characters, spaces, a control character and a Unicode space
	private static final String CHARS = "a中1 \t\u0001\u2003";

	@Property(tries = 5000)
	void theHandChecksAgreeWithBeanValidation(@ForAll("orders") PlaceOrder order) {
		assertThat(SoldOutAnswers.plainlyValid(order)).isEqualTo(VALIDATOR.validate(order).isEmpty());
	}

	@Example
	void aStorefrontOrderPasses() {
		PlaceOrder order = new PlaceOrder(UUID.randomUUID(), new Buyer("买家", "13812345678", "理塘县"),
				List.of(new OrderLineRequest("CORD-1", 1L)), null, null);
		assertThat(SoldOutAnswers.plainlyValid(order)).isTrue();
		assertThat(VALIDATOR.validate(order)).isEmpty();
	}

	@Provide
	Arbitrary<PlaceOrder> orders() {
		Arbitrary<Buyer> buyers = Combinators.combine(text(110), text(35), text(510)).as(Buyer::new);
		Arbitrary<OrderLineRequest> lines = Combinators
			.combine(text(6), Arbitraries.longs().between(-2, 10_002).injectNull(0.05))
			.as(OrderLineRequest::new);
		return Combinators
			.combine(Arbitraries.create(UUID::randomUUID).injectNull(0.1), buyers.injectNull(0.05),
					lines.list().ofMaxSize(22).injectNull(0.05), Arbitraries.of(PaymentMethod.class).injectNull(0.5),
					text(210))
			.as(PlaceOrder::new);
	}

	// mostly short strings, sometimes around the limits
	private static Arbitrary<String> text(int longest) {
		return Arbitraries
			.frequencyOf(Tuple.of(8, Arbitraries.strings().withChars(CHARS).ofMaxLength(4)), Tuple.of(2,
					Arbitraries.strings().withChars(CHARS).ofMinLength(Math.max(0, longest - 15)).ofMaxLength(longest)))
			.injectNull(0.05);
	}

}
