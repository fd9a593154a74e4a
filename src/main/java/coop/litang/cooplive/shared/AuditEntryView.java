package coop.litang.cooplive.shared;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * One change in the audit log.
 *
 * @param id its number, rising with time
 * @param at when
 * @param actor who made it (the signed-in user's subject)
 * @param action what was done, such as {@code dividend-run.approve}
 * @param subject what it was done to, such as {@code dividend-run:<id>}
 * @param entityKind the kind of thing, the subject's first part ({@code dividend-run})
 * @param entityId the thing's id, the subject's second part
 * @param before the state before, or {@code null}
 * @param after the state after, or {@code null}
 */
public record AuditEntryView(long id, Instant at, String actor, String action, String subject, String entityKind,
		String entityId, JsonNode before, JsonNode after) {
}
