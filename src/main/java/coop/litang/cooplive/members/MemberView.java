package coop.litang.cooplive.members;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A member household of the cooperative.
 *
 * @param id its id
 * @param number the member number, stable and unique; the tie-break key of allocations
 * @param name the household's name
 * @param phone normalized mobile number
 * @param villageId the village it lives in
 * @param supplier whether it delivers produce
 * @param host whether it sells in livestreams
 * @param joinedOn the day it joined
 * @param cardCode the code on its household card: the card's QR code opens the
 * household's page by it
 */
public record MemberView(UUID id, long number, String name, String phone, UUID villageId, boolean supplier,
		boolean host, LocalDate joinedOn, String cardCode) {
}
