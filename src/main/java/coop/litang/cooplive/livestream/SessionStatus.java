package coop.litang.cooplive.livestream;

/**
 * A session's life: {@code SCHEDULED → LIVE → ENDED}; only a live session sells.
 */
public enum SessionStatus {

	SCHEDULED, LIVE, ENDED

}
