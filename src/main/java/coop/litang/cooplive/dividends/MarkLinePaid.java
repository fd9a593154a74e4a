package coop.litang.cooplive.dividends;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * How an approved run's line was paid out.
 *
 * @param reference a bank or mobile transfer number, or a cash receipt number
 */
public record MarkLinePaid(@NotBlank @Size(max = 200) String reference) {
}
