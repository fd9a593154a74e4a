package coop.litang.cooplive.dividends;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.members.MembersManagement;
import coop.litang.cooplive.members.VillageView;
import coop.litang.cooplive.shared.CooperativeSettings;
import coop.litang.cooplive.shared.NotFound;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The statements of a run's lines that a herder can be handed: the cooperative's name,
 * the household with its member number and village (through the members module's API),
 * the amounts in yuan, the calculation in Chinese and English, the approvals, and places
 * to sign and seal; as JSON, as a printable page and as PDF.
 */
@Service
public class StatementManagement {

	private final DividendsManagement dividends;

	private final DividendStore store;

	private final MembersManagement members;

	private final CooperativeSettings cooperative;

	private final StatementPrinter printer;

	private final Clock clock;

	StatementManagement(DividendsManagement dividends, DividendStore store, MembersManagement members,
			CooperativeSettings cooperative, StatementPrinter printer, Clock clock) {
		this.dividends = dividends;
		this.store = store;
		this.members = members;
		this.cooperative = cooperative;
		this.printer = printer;
		this.clock = clock;
	}

	/**
	 * One participant's statement of a run, with the calculation spelled out.
	 * @throws NotFound for an unknown run or line
	 */
	public Mono<MemberStatement> statement(UUID runId, int lineNo) {
		return this.dividends.run(runId).flatMap((run) -> statement(run, lineNo));
	}

	/**
	 * The statement as a printable A4 page in Chinese and English, well-formed XHTML.
	 * @throws NotFound for an unknown run or line
	 */
	public Mono<String> statementPage(UUID runId, int lineNo) {
		return statement(runId, lineNo).map(MemberStatement::html);
	}

	/**
	 * The statement as a PDF of one A4 page, with a place for the member's signature and
	 * the cooperative's seal; rendered off the event loop.
	 * @throws NotFound for an unknown run or line
	 */
	public Mono<StatementPdf> statementPdf(UUID runId, int lineNo) {
		return statement(runId, lineNo)
			.flatMap((statement) -> pdf(List.of(statement)).map((pdf) -> new StatementPdf(statement.fileName(), pdf)));
	}

	/**
	 * Every line's statement of a run in one PDF, one A4 page each, in line order.
	 * @throws NotFound for an unknown run
	 */
	public Mono<StatementPdf> statementsPdf(UUID runId) {
		return this.dividends.run(runId)
			.flatMap((run) -> statements(run).flatMap(this::pdf)
				.map((pdf) -> new StatementPdf(StatementPdf.runFileName(run), pdf)));
	}

	/** One line's statement; {@link NotFound} for an unknown line. */
	private Mono<MemberStatement> statement(DividendRunView run, int lineNo) {
		return run.lines()
			.stream()
			.filter((line) -> line.lineNo() == lineNo)
			.findFirst()
			.map((line) -> statements(run, List.of(line)).map((all) -> all.get(0)))
			.orElseGet(() -> Mono.error(new NotFound("line", lineNo)));
	}

	/**
	 * The village of each line of a run, by line number: a household's own village, or
	 * the village shareholder; for sorting a run's lines by village in one call.
	 * @throws NotFound for an unknown run
	 */
	public Mono<Map<Integer, String>> villages(UUID runId) {
		return this.dividends.run(runId).flatMap((run) -> villages(run, run.lines()));
	}

	/** Every line's statement, in line order. */
	private Mono<List<MemberStatement>> statements(DividendRunView run) {
		return statements(run, run.lines());
	}

	/** One PDF, one A4 page per statement. */
	private Mono<byte[]> pdf(List<MemberStatement> statements) {
		return this.printer.pdf(StatementDocument.xhtml(statements));
	}

	private Mono<List<MemberStatement>> statements(DividendRunView run, List<DividendRunView.Line> lines) {
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), DividendsManagement.COOPERATIVE_ZONE);
		return villages(run, lines).map((villages) -> lines.stream()
			.map((line) -> MemberStatement.of(run, line, this.cooperative.name(), villages.get(line.lineNo()), today))
			.toList());
	}

	// the village name of each line: a household's own village, or the village
	// shareholder
	private Mono<Map<Integer, String>> villages(DividendRunView run, List<DividendRunView.Line> lines) {
		Mono<Map<Integer, UUID>> memberIds = lines.stream().anyMatch(MemberStatement::isMember)
				? this.store.lineMembers(run.id()).collectMap(Map.Entry::getKey, Map.Entry::getValue)
				: Mono.just(Map.of());
		return memberIds.flatMap((byLine) -> {
			List<UUID> ids = lines.stream()
				.map((line) -> byLine.get(line.lineNo()))
				.filter(Objects::nonNull)
				.distinct()
				.toList();
			Mono<Map<UUID, UUID>> villageOfMember = this.members.membersById(ids)
				.filter((member) -> member.villageId() != null)
				.collectMap(MemberView::id, MemberView::villageId);
			Mono<Map<String, UUID>> villageOfCode = Flux.fromIterable(lines)
				.map((line) -> Objects.requireNonNullElse(MemberStatement.villageCode(line), ""))
				.filter((code) -> !code.isEmpty())
				.distinct()
				.flatMap((code) -> this.members.villageIdByCode(code).map((id) -> Map.entry(code, id)))
				.collectMap(Map.Entry::getKey, Map.Entry::getValue);
			return Mono.zip(villageOfMember, villageOfCode).flatMap((found) -> {
				List<UUID> villageIds = new ArrayList<>(found.getT1().values());
				villageIds.addAll(found.getT2().values());
				return Flux.fromIterable(villageIds)
					.distinct()
					.flatMap((id) -> this.members.village(id).onErrorResume(NotFound.class, (ex) -> Mono.empty()))
					.collectMap(VillageView::id, VillageView::nameZh)
					.map((names) -> {
						Map<Integer, String> byLineNo = new HashMap<>();
						for (DividendRunView.Line line : lines) {
							UUID memberId = byLine.get(line.lineNo());
							UUID villageId = (memberId != null) ? found.getT1().get(memberId)
									: found.getT2().get(MemberStatement.villageCode(line));
							String name = (villageId != null) ? names.get(villageId) : null;
							if (name == null && !MemberStatement.isMember(line)) {
								// a village shareholder's line carries the village's name
								name = line.name();
							}
							if (name != null) {
								byLineNo.put(line.lineNo(), name);
							}
						}
						return byLineNo;
					});
			});
		});
	}

}
