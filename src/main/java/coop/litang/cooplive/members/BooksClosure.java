package coop.litang.cooplive.members;

import java.time.LocalDate;

import coop.litang.cooplive.shared.Conflict;

/**
 * How far the cooperative's books are closed: closing a fiscal period closes them through
 * its last day, and nothing dated on or before that day is recorded any more (deliveries,
 * transaction volumes, capital, member account entries), so that a closed period's inputs
 * stay as they were.
 *
 * @param through the last closed day; a day before 2000 when no period is closed
 */
public record BooksClosure(LocalDate through) {

	/** Whether an entry dated on the day may still be recorded. */
	public boolean admits(LocalDate day) {
		return day.isAfter(this.through);
	}

	/**
	 * The refusal of an entry dated on a closed day.
	 * @param what what was refused, such as "delivery"
	 * @param field the request's field holding the day
	 */
	public Conflict refusal(LocalDate day, String what, String field) {
		return new Conflict("BOOKS_CLOSED", "the books are closed through " + this.through + ": a " + what + " dated "
				+ day + " belongs to a closed fiscal year", field);
	}

}
