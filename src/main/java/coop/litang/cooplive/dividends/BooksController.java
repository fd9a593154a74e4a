package coop.litang.cooplive.dividends;

import java.util.List;
import java.util.UUID;

import coop.litang.cooplive.shared.InvalidInput;
import coop.litang.cooplive.shared.NotFound;
import coop.litang.cooplive.shared.Page;
import coop.litang.cooplive.shared.PageQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The accountants' books beyond the runs themselves: a period's runs, transaction volumes
 * that are not stock, and imports of deliveries and capital from files.
 */
@RestController
@Tag(name = "accounting")
@SecurityRequirement(name = "bearer")
class BooksController {

	private static final MediaType XLSX = MediaType
		.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

	private final DividendsManagement dividends;

	BooksController(DividendsManagement dividends) {
		this.dividends = dividends;
	}

	@Operation(summary = "Every run of a period, the last computed first, with its status and the links between "
			+ "reversals and corrections")
	@ApiResponse(responseCode = "404", description = "NOT_FOUND: no such period",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@GetMapping("/api/v1/accounting/periods/{id}/runs")
	Mono<List<RunSummary>> runs(@PathVariable UUID id) {
		return this.dividends.runs(id);
	}

	@Operation(summary = "Record a transaction volume that is not stock",
			description = "Produce sold on a member's behalf elsewhere, or delivered before cooplive kept the books. "
					+ "deliveredOn decides the fiscal year; a correction is an entry of the opposite sign.")
	@ApiResponse(responseCode = "400",
			description = "VALIDATION: a field is missing or wrong (memberId unknown, deliveredOn in the future, "
					+ "neither amount nor quantity)",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "409",
			description = "BOOKS_CLOSED (field deliveredOn): the delivery day lies in a closed fiscal year",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/accounting/volumes")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<VolumeEntryView> recordVolume(@Valid @RequestBody NewVolumeEntry entry, @AuthenticationPrincipal Jwt jwt) {
		return this.dividends.recordVolume(entry, jwt.getSubject());
	}

	@Operation(summary = "A year's transaction-volume entries (not stock), by delivery day")
	@GetMapping("/api/v1/accounting/volumes")
	Mono<Page<VolumeEntryView>> volumes(@RequestParam int year, @RequestParam(required = false) UUID memberId,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		if (year < 2000 || year > 2100) {
			return Mono.error(new InvalidInput("year", "a year between 2000 and 2100"));
		}
		return this.dividends.volumeEntries(year, memberId, PageQuery.of(page, size));
	}

	@Operation(summary = "Import deliveries or capital contributions from a CSV or .xlsx file",
			description = "kind is deliveries or capital. The file is a multipart part named file, at most 5 MB and "
					+ "10,000 rows, headed as the template. Every row or none is recorded; the same file again "
					+ "answers 200 with the first import and repeated true, changing nothing.")
	@ApiResponse(responseCode = "201", description = "the file's rows are recorded")
	@ApiResponse(responseCode = "200", description = "the same file was imported before: nothing changed")
	@ApiResponse(responseCode = "400", description = "VALIDATION (field file): no file, or one larger than 5 MB",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "404", description = "NOT_FOUND: no such kind of import",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "422",
			description = "IMPORT_REFUSED: nothing was recorded; rows lists every problem as {row, field, message} "
					+ "(row 1 is the heading)",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503",
			description = "DOCUMENTS_BUSY: too many documents are being made at once; DATABASE_UNAVAILABLE or "
					+ "REQUEST_TIMEOUT as on every endpoint",
			headers = @Header(name = "Retry-After", description = "seconds to wait"),
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping(path = "/api/v1/accounting/imports/{kind}", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	Mono<ResponseEntity<ImportView>> importFile(@Parameter(example = "deliveries") @PathVariable String kind,
			@RequestPart("file") FilePart file, @AuthenticationPrincipal Jwt jwt) {
		return kind(kind)
			.flatMap((known) -> DataBufferUtils.join(file.content(), ImportFile.MAX_BYTES).map((buffer) -> {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				DataBufferUtils.release(buffer);
				return bytes;
			})
				.onErrorMap(DataBufferLimitException.class,
						(ex) -> new InvalidInput("file",
								"a file of at most " + ImportFile.MAX_BYTES / 1024 / 1024 + " MB"))
				.defaultIfEmpty(new byte[0])
				.flatMap((bytes) -> this.dividends.importFile(known, file.filename(), bytes, jwt.getSubject()))
				.map((done) -> ResponseEntity.status(done.repeated() ? HttpStatus.OK : HttpStatus.CREATED).body(done)));
	}

	@Operation(summary = "The template of an import as CSV (UTF-8 with BOM)")
	@ApiResponse(responseCode = "404", description = "NOT_FOUND: no such kind of import",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@GetMapping(path = "/api/v1/accounting/imports/{kind}/template.csv", produces = "text/csv")
	Mono<ResponseEntity<byte[]>> csvTemplate(@PathVariable String kind) {
		return kind(kind).flatMap((known) -> this.dividends.importTemplate(known, false)
			.map((bytes) -> download(bytes, new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8),
					known.path() + "-template.csv")));
	}

	@Operation(summary = "The template of an import as an Excel workbook")
	@ApiResponse(responseCode = "404", description = "NOT_FOUND: no such kind of import",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@GetMapping(path = "/api/v1/accounting/imports/{kind}/template.xlsx",
			produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	Mono<ResponseEntity<byte[]>> xlsxTemplate(@PathVariable String kind) {
		return kind(kind).flatMap((known) -> this.dividends.importTemplate(known, true)
			.map((bytes) -> download(bytes, XLSX, known.path() + "-template.xlsx")));
	}

	private static Mono<ImportKind> kind(String path) {
		ImportKind kind = ImportKind.ofPath(path);
		return (kind != null) ? Mono.just(kind) : Mono.error(new NotFound("import kind", path));
	}

	private static ResponseEntity<byte[]> download(byte[] bytes, MediaType type, String fileName) {
		return ResponseEntity.ok()
			.contentType(type)
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
			.body(bytes);
	}

}
