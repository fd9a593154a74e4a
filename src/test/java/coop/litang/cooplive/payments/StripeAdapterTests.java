package coop.litang.cooplive.payments;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Stripe's model types stay in the Stripe adapter; the rest of payments sees our own. */
class StripeAdapterTests {

	private final JavaClasses payments = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("coop.litang.cooplive.payments");

	@Test
	void onlyTheStripeAdapterUsesStripesModelTypes() {
		noClasses().that()
			.doNotHaveSimpleName("StripeProvider")
			.and()
			.doNotHaveSimpleName("StripeEvents")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.stripe.model..")
			.check(this.payments);
	}

}
