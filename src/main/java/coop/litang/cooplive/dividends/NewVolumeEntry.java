package coop.litang.cooplive.dividends;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A member's transaction volume with the cooperative that never was stock of its shop:
 * produce sold on the member's behalf elsewhere, or delivered before cooplive kept the
 * books. It counts toward patronage refunds like a stock receipt, and never changes
 * stock. A correction is a new entry with the opposite sign.
 *
 * @param memberId the member household
 * @param deliveredOn the day it was delivered (Litang's calendar): it decides the fiscal
 * year; never in a closed year, nor in the future
 * @param quantity units, for a policy that weighs quantity; may be zero
 * @param amountFen the transaction's value in fen, for a policy that weighs amounts; may
 * be zero, but not together with the quantity
 * @param description what was delivered, such as 冬虫夏草 sold at the Litang market
 * @param reference the paper it is entered from, such as a receipt book's page
 */
public record NewVolumeEntry(@NotNull UUID memberId, @NotNull LocalDate deliveredOn, @NotNull Long quantity,
		@NotNull Long amountFen, @NotBlank @Size(max = 200) String description,
		@NotBlank @Size(max = 200) String reference) {
}
