package coop.litang.cooplive;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(CoopliveApplication.class);

	@Test
	void modulesOnlyUseEachOthersPublicApiAlongDeclaredDependencies() {
		this.modules.verify();
	}

	@Test
	void everyModuleOfTheDesignExists() {
		assertThat(this.modules.stream().map((module) -> module.getIdentifier().toString())).contains("catalog",
				"inventory", "livestream", "ordering", "payments", "members", "dividends", "identity", "buyers",
				"shared");
	}

	@Test
	void writesTheModuleDocumentation() {
		new Documenter(this.modules, Documenter.Options.defaults().withOutputFolder("target/modulith-docs"))
			.writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml()
			.writeModuleCanvases();
	}

}
