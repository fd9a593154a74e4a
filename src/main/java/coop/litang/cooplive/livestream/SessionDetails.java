package coop.litang.cooplive.livestream;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * What a host enters for a session.
 *
 * @param title shown to buyers
 * @param channel where it is streamed
 * @param roomLink link to the live room, may be empty
 * @param scheduledStart when it is planned to start
 * @param hostMemberId the host member; only an admin sets it, a host always creates for
 * themselves
 */
public record SessionDetails(@NotBlank @Size(max = 200) String title, @NotNull Channel channel,
		@Size(max = 500) String roomLink, @NotNull Instant scheduledStart, UUID hostMemberId) {

	public SessionDetails {
		roomLink = (roomLink != null) ? roomLink : "";
	}

}
