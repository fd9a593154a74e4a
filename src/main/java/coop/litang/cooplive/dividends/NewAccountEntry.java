package coop.litang.cooplive.dividends;

import java.time.LocalDate;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A quantified share an accountant records on a member account; a correction is a new
 * entry with the opposite sign.
 *
 * @param kind subsidy or donation share (provident shares come from approved runs)
 * @param amountFen the amount in fen, positive or negative, not zero
 * @param effectiveOn the day it counts from
 * @param reference what it is based on, such as the members' meeting decision
 */
public record NewAccountEntry(@NotNull AccountEntryKind kind, @NotNull Long amountFen, @NotNull LocalDate effectiveOn,
		@NotBlank @Size(max = 500) String reference) {
}
