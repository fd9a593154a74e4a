package coop.litang.cooplive.dividends;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Why an approved run is reversed.
 *
 * @param reason the mistake found, for the members' meeting and the auditors
 */
public record ReverseRun(@NotBlank @Size(max = 1000) String reason) {
}
