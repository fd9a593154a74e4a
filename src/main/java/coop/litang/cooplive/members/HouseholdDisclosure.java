package coop.litang.cooplive.members;

import jakarta.validation.constraints.NotNull;

/**
 * What a household agreed to show to anyone who scans its card. Nothing is shown until it
 * agrees; an admin records the household's choice, and each change is audit-logged.
 *
 * @param showName its name
 * @param showVillage its village and township
 * @param showDeliveries the products it delivers to the cooperative
 */
public record HouseholdDisclosure(@NotNull Boolean showName, @NotNull Boolean showVillage,
		@NotNull Boolean showDeliveries) {
}
