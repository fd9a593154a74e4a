package coop.litang.cooplive.shared;

import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The audit log, read by admins and accountants.
 */
@RestController
@Tag(name = "admin")
@SecurityRequirement(name = "bearer")
class AuditController {

	private final AuditLog audit;

	AuditController(AuditLog audit) {
		this.audit = audit;
	}

	@Operation(summary = "Changes made by admins and accountants, the latest first",
			description = "Filters, each optional: actor; entityKind (such as dividend-run, fiscal-period, "
					+ "member, import); entityId; from (inclusive) and to (exclusive) as ISO-8601 instants.")
	@ApiResponse(responseCode = "400", description = "VALIDATION: a filter is malformed, or from is not before to",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@GetMapping("/api/v1/admin/audit")
	Mono<Page<AuditEntryView>> audit(@RequestParam(required = false) String actor,
			@RequestParam(required = false) String entityKind, @RequestParam(required = false) String entityId,
			@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		if (from != null && to != null && !from.isBefore(to)) {
			return Mono.error(new InvalidInput("to", "must be after from"));
		}
		return this.audit.search(blankToNull(actor), blankToNull(entityKind), blankToNull(entityId), from, to,
				PageQuery.of(page, size));
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

}
