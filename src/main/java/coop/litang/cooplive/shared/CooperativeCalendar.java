package coop.litang.cooplive.shared;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The cooperative's calendar: days and fiscal years are those of Litang's time zone,
 * Asia/Shanghai, whatever the server's zone.
 */
public final class CooperativeCalendar {

	/** Litang's time zone. */
	public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	private CooperativeCalendar() {
	}

	/** Today in Litang by the clock's instant. */
	public static LocalDate today(Clock clock) {
		return LocalDate.ofInstant(clock.instant(), ZONE);
	}

}
