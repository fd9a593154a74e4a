package coop.litang.cooplive.dividends;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A recorded transaction-volume entry.
 *
 * @param id its id
 * @param memberId the member household
 * @param deliveredOn the day it was delivered, which decides its fiscal year
 * @param quantity units
 * @param amountFen value in fen
 * @param description what was delivered
 * @param reference the paper it was entered from
 * @param importId the imported file it came from, if any
 * @param importRow the file's row, if imported
 * @param recordedAt when it was recorded
 * @param recordedBy who recorded it
 */
public record VolumeEntryView(UUID id, UUID memberId, LocalDate deliveredOn, long quantity, long amountFen,
		String description, String reference, UUID importId, Integer importRow, Instant recordedAt, String recordedBy) {
}
