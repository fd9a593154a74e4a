package coop.litang.cooplive.dividends;

import java.time.LocalDate;
import java.util.UUID;

import coop.litang.cooplive.shared.Page;
import coop.litang.cooplive.shared.PageQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Fiscal periods and dividend runs for accountants; admins may read.
 */
@RestController
@Tag(name = "accounting")
@SecurityRequirement(name = "bearer")
class DividendsController {

	private final DividendsManagement dividends;

	private final DividendMetrics metrics;

	private final StatementManagement statements;

	DividendsController(DividendsManagement dividends, DividendMetrics metrics, StatementManagement statements) {
		this.dividends = dividends;
		this.metrics = metrics;
		this.statements = statements;
	}

	@Operation(summary = "Fiscal periods, the latest year first")
	@GetMapping("/api/v1/accounting/periods")
	Mono<Page<FiscalPeriodView>> periods(@RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return this.dividends.periods(PageQuery.of(page, size));
	}

	@Operation(summary = "Open a fiscal period")
	@ApiResponse(responseCode = "409", description = "PERIOD_EXISTS: the year has a period",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/accounting/periods")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<FiscalPeriodView> open(@Valid @RequestBody OpenPeriod command, @AuthenticationPrincipal Jwt jwt) {
		return this.dividends.openPeriod(command, jwt.getSubject());
	}

	@Operation(summary = "One fiscal period with its figures")
	@GetMapping("/api/v1/accounting/periods/{id}")
	Mono<FiscalPeriodView> period(@PathVariable UUID id) {
		return this.dividends.period(id);
	}

	@Operation(summary = "Revenue of paid orders and cost of goods received in the period, to prefill its figures")
	@GetMapping("/api/v1/accounting/periods/{id}/prefill")
	Mono<PeriodPrefill> prefill(@PathVariable UUID id) {
		return this.dividends.prefill(id);
	}

	@Operation(summary = "Enter an open period's figures: the surplus, or revenue, costs, expenses and tax; in fen")
	@ApiResponse(responseCode = "409", description = "PERIOD_CLOSED: the period is closed",
			content = @Content(mediaType = "application/problem+json"))
	@PutMapping("/api/v1/accounting/periods/{id}/figures")
	@ResponseStatus(HttpStatus.OK)
	Mono<FiscalPeriodView> figures(@PathVariable UUID id, @Valid @RequestBody PeriodFigures figures,
			@AuthenticationPrincipal Jwt jwt) {
		return this.dividends.setFigures(id, figures, jwt.getSubject());
	}

	@Operation(summary = "Close a period with figures, locking them")
	@ApiResponse(responseCode = "409",
			description = "PERIOD_NOT_CLOSABLE: the period is closed already or has no figures",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/accounting/periods/{id}/close")
	@ResponseStatus(HttpStatus.OK)
	Mono<FiscalPeriodView> close(@PathVariable UUID id, @AuthenticationPrincipal Jwt jwt) {
		return this.dividends.close(id, jwt.getSubject());
	}

	@Operation(summary = "The versions of the bylaws' distribution parameters, oldest first")
	@GetMapping("/api/v1/accounting/policies")
	Mono<java.util.List<PolicyVersionView>> policies() {
		return this.dividends.policies();
	}

	@Operation(summary = "Record a new version of the bylaws' distribution parameters")
	@ApiResponse(responseCode = "409", description = "POLICY_EXISTS: a version takes effect on the same day",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/accounting/policies")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<PolicyVersionView> addPolicy(@Valid @RequestBody NewPolicyVersion command, @AuthenticationPrincipal Jwt jwt) {
		return this.dividends.addPolicy(command, jwt.getSubject());
	}

	@Operation(summary = "Compute a draft dividend run for a closed period")
	@ApiResponse(responseCode = "409",
			description = "PERIOD_OPEN: the period is still open; RUN_APPROVED: the period has an approved run",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "422",
			description = "RUN_REFUSED: the run cannot be computed, with the reason (a loss year, no member transactions); NO_POLICY: no policy version is in effect for the period and none is named",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/accounting/periods/{id}/runs")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<DividendRunView> compute(@PathVariable UUID id, @Valid @RequestBody ComputeRun command,
			@AuthenticationPrincipal Jwt jwt) {
		return this.dividends.computeRun(id, command, jwt.getSubject())
			.doOnSuccess((run) -> this.metrics.run("computed"));
	}

	@Operation(summary = "One dividend run with its lines")
	@GetMapping("/api/v1/accounting/runs/{id}")
	Mono<DividendRunView> run(@PathVariable UUID id) {
		return this.dividends.run(id);
	}

	@Operation(summary = "Approve a draft run; the approver is not the accountant who computed it")
	@ApiResponse(responseCode = "409",
			description = "SAME_ACCOUNTANT: the accountant who computed the run may not approve it; RUN_NOT_DRAFT: the run is superseded or approved",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/accounting/runs/{id}/approve")
	@ResponseStatus(HttpStatus.OK)
	Mono<DividendRunView> approve(@PathVariable UUID id, @AuthenticationPrincipal Jwt jwt) {
		return this.dividends.approve(id, jwt.getSubject()).doOnSuccess((run) -> this.metrics.run("approved"));
	}

	@Operation(summary = "Reverse an approved run: a reversal record, approved by a second accountant")
	@ApiResponse(responseCode = "409",
			description = "RUN_NOT_APPROVED: the run is not approved; RUN_REVERSED: the run is reversed already",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/accounting/runs/{id}/reverse")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<DividendRunView> reverse(@PathVariable UUID id, @Valid @RequestBody ReverseRun command,
			@AuthenticationPrincipal Jwt jwt) {
		return this.dividends.reverse(id, command, jwt.getSubject()).doOnSuccess((run) -> this.metrics.run("reversed"));
	}

	@Operation(summary = "A member account (成员账户) as of a day, Asia/Shanghai today by default")
	@GetMapping("/api/v1/accounting/members/{memberId}/account")
	Mono<MemberAccountView> account(@PathVariable UUID memberId, @RequestParam(required = false) LocalDate asOf) {
		return this.dividends.memberAccount(memberId,
				(asOf != null) ? asOf : LocalDate.now(DividendsManagement.COOPERATIVE_ZONE));
	}

	@Operation(summary = "Record a quantified subsidy or donation share on a member account")
	@PostMapping("/api/v1/accounting/members/{memberId}/account/entries")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<MemberAccountView> addEntry(@PathVariable UUID memberId, @Valid @RequestBody NewAccountEntry entry,
			@AuthenticationPrincipal Jwt jwt) {
		return this.dividends.addAccountEntry(memberId, entry, jwt.getSubject());
	}

	@Operation(summary = "Record a line of an approved run as paid out")
	@ApiResponse(responseCode = "409",
			description = "RUN_NOT_APPROVED: the run is not approved yet; LINE_ALREADY_PAID: the line is paid already",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/accounting/runs/{id}/lines/{lineNo}/paid")
	@ResponseStatus(HttpStatus.OK)
	Mono<DividendRunView> paid(@PathVariable UUID id, @PathVariable int lineNo,
			@Valid @RequestBody MarkLinePaid payment, @AuthenticationPrincipal Jwt jwt) {
		return this.dividends.markLinePaid(id, lineNo, payment, jwt.getSubject());
	}

	@Operation(summary = "The run's surplus distribution table (盈余及盈余分配表)")
	@GetMapping("/api/v1/accounting/runs/{id}/distribution-table")
	Mono<DistributionTable> table(@PathVariable UUID id) {
		return this.dividends.distributionTable(id);
	}

	@Operation(summary = "A participant's statement with the calculation spelled out")
	@GetMapping("/api/v1/accounting/runs/{id}/lines/{lineNo}/statement")
	Mono<MemberStatement> statement(@PathVariable UUID id, @PathVariable int lineNo) {
		return this.statements.statement(id, lineNo);
	}

	@Operation(summary = "The statement as a printable page in Chinese")
	@GetMapping(path = "/api/v1/accounting/runs/{id}/lines/{lineNo}/statement.html", produces = "text/html")
	Mono<ResponseEntity<String>> statementPage(@PathVariable UUID id, @PathVariable int lineNo) {
		return this.statements.statementPage(id, lineNo)
			.map((html) -> ResponseEntity.ok()
				.contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
				.body(html));
	}

	@Operation(summary = "The statement as a PDF: one A4 page in Chinese and English, to sign and seal")
	@ApiResponse(responseCode = "200",
			description = "The statement, as an attachment named statement-<year>-<member number>.pdf",
			content = @Content(mediaType = "application/pdf"))
	@ApiResponse(responseCode = "404", description = "NOT_FOUND: no such run, or no such line in the run",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503",
			description = "DOCUMENTS_BUSY: too many documents are being made at once; DATABASE_UNAVAILABLE or "
					+ "REQUEST_TIMEOUT as on every endpoint",
			headers = @Header(name = "Retry-After", description = "seconds to wait"),
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping(path = "/api/v1/accounting/runs/{id}/lines/{lineNo}/statement.pdf", produces = "application/pdf")
	Mono<ResponseEntity<byte[]>> statementPdf(@PathVariable UUID id, @PathVariable int lineNo) {
		return this.statements.statementPdf(id, lineNo).map(DividendsController::pdf);
	}

	@Operation(summary = "The village of each line of a run, by line number (a household's village, or the "
			+ "village shareholder), for sorting the lines by village")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "404", description = "NOT_FOUND: no such run",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping("/api/v1/accounting/runs/{id}/villages")
	Mono<java.util.Map<Integer, String>> villages(@PathVariable UUID id) {
		return this.statements.villages(id);
	}

	@Operation(summary = "Every line's statement of a run in one PDF, one A4 page each")
	@ApiResponse(responseCode = "200",
			description = "The statements in line order, as an attachment named statements-<year>-<run>.pdf",
			content = @Content(mediaType = "application/pdf"))
	@ApiResponse(responseCode = "404", description = "NOT_FOUND: no such run",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503",
			description = "DOCUMENTS_BUSY: too many documents are being made at once; DATABASE_UNAVAILABLE or "
					+ "REQUEST_TIMEOUT as on every endpoint",
			headers = @Header(name = "Retry-After", description = "seconds to wait"),
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping(path = "/api/v1/accounting/runs/{id}/statements.pdf", produces = "application/pdf")
	Mono<ResponseEntity<byte[]>> statementsPdf(@PathVariable UUID id) {
		return this.statements.statementsPdf(id).map(DividendsController::pdf);
	}

	private static ResponseEntity<byte[]> pdf(StatementPdf document) {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_PDF)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(document.fileName()).build().toString())
			.body(document.content());
	}

	@Operation(summary = "The run as CSV (UTF-8 with BOM, amounts in yuan)")
	@GetMapping(path = "/api/v1/accounting/runs/{id}/export.csv", produces = "text/csv")
	Mono<ResponseEntity<byte[]>> export(@PathVariable UUID id) {
		return this.dividends.exportCsv(id)
			.map((csv) -> ResponseEntity.ok()
				.contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
				.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"dividend-run-" + id + ".csv\"")
				.body(csv));
	}

}
