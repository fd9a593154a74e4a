package coop.litang.cooplive.members;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Capital paid into the cooperative by a shareholder.
 *
 * @param id its id
 * @param shareholderId who contributed
 * @param amountFen the amount in fen
 * @param contributedOn the day it was paid in
 * @param source where it came from
 * @param note free text
 */
public record ContributionView(UUID id, UUID shareholderId, long amountFen, LocalDate contributedOn,
		ContributionSource source, String note) {
}
