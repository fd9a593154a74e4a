package coop.litang.cooplive.ordering;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * How a paid order left the cooperative.
 *
 * @param carrier the carrier, such as SF Express
 * @param trackingNumber the carrier's tracking number
 */
public record ShipOrder(@NotBlank @Size(max = 100) String carrier, @NotBlank @Size(max = 100) String trackingNumber) {
}
