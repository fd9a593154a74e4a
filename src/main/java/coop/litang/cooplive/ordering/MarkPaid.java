package coop.litang.cooplive.ordering;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * An offline payment received: cash, bank or mobile transfer.
 *
 * @param reference how it was paid, such as a transfer number or "cash to host"
 */
public record MarkPaid(@NotBlank @Size(max = 200) String reference) {
}
