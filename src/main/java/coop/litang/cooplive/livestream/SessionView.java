package coop.litang.cooplive.livestream;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A livestream session with its line-up.
 *
 * @param id its id
 * @param hostMemberId the host member
 * @param title shown to buyers
 * @param channel where it is streamed
 * @param roomLink link to the live room
 * @param scheduledStart planned start
 * @param status its status
 * @param startedAt when it went live
 * @param endedAt when it ended
 * @param lineup its items
 */
public record SessionView(UUID id, UUID hostMemberId, String title, Channel channel, String roomLink,
		Instant scheduledStart, SessionStatus status, Instant startedAt, Instant endedAt, List<LineupItemView> lineup) {
}
