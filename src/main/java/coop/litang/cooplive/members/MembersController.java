package coop.litang.cooplive.members;

import java.util.List;
import java.util.UUID;

import coop.litang.cooplive.shared.Page;
import coop.litang.cooplive.shared.PageQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
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
 * Admin maintenance of places, members and shareholders, and the accountants' read of
 * share capital.
 */
@RestController
@Tag(name = "admin")
@SecurityRequirement(name = "bearer")
class MembersController {

	private final MembersManagement members;

	MembersController(MembersManagement members) {
		this.members = members;
	}

	@Operation(summary = "Townships by code")
	@GetMapping("/api/v1/admin/townships")
	Mono<Page<TownshipView>> townships(@RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return this.members.townships(PageQuery.of(page, size));
	}

	@Operation(summary = "Add a township")
	@ApiResponse(responseCode = "409", description = "DUPLICATE_CODE (field code): another township has the code",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/admin/townships")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<TownshipView> createTownship(@Valid @RequestBody TownshipDetails details) {
		return this.members.createTownship(details);
	}

	@Operation(summary = "One township")
	@GetMapping("/api/v1/admin/townships/{id}")
	Mono<TownshipView> township(@PathVariable UUID id) {
		return this.members.township(id);
	}

	@Operation(summary = "Change a township's code or names")
	@ApiResponse(responseCode = "409", description = "DUPLICATE_CODE (field code): another township has the code",
			content = @Content(mediaType = "application/problem+json"))
	@PutMapping("/api/v1/admin/townships/{id}")
	@ResponseStatus(HttpStatus.OK)
	Mono<TownshipView> updateTownship(@PathVariable UUID id, @Valid @RequestBody TownshipDetails details) {
		return this.members.updateTownship(id, details);
	}

	@Operation(summary = "Delete a township no village belongs to")
	@ApiResponse(responseCode = "409", description = "IN_USE: villages belong to the township",
			content = @Content(mediaType = "application/problem+json"))
	@DeleteMapping("/api/v1/admin/townships/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> deleteTownship(@PathVariable UUID id) {
		return this.members.deleteTownship(id);
	}

	@Operation(summary = "Villages by code, of one township if named")
	@GetMapping("/api/v1/admin/villages")
	Mono<Page<VillageView>> villages(@RequestParam(required = false) UUID townshipId,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		return this.members.villages(townshipId, PageQuery.of(page, size));
	}

	@Operation(summary = "Add a village to a township")
	@ApiResponse(responseCode = "409", description = "DUPLICATE_CODE (field code): another village has the code",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/admin/villages")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<VillageView> createVillage(@Valid @RequestBody VillageDetails details) {
		return this.members.createVillage(details);
	}

	@Operation(summary = "One village")
	@GetMapping("/api/v1/admin/villages/{id}")
	Mono<VillageView> village(@PathVariable UUID id) {
		return this.members.village(id);
	}

	@Operation(summary = "Change a village's township, code or names")
	@PutMapping("/api/v1/admin/villages/{id}")
	Mono<VillageView> updateVillage(@PathVariable UUID id, @Valid @RequestBody VillageDetails details) {
		return this.members.updateVillage(id, details);
	}

	@Operation(summary = "Delete a village nobody lives in and that holds no shares")
	@ApiResponse(responseCode = "409", description = "IN_USE: members or shares refer to the village",
			content = @Content(mediaType = "application/problem+json"))
	@DeleteMapping("/api/v1/admin/villages/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> deleteVillage(@PathVariable UUID id) {
		return this.members.deleteVillage(id);
	}

	@Operation(summary = "Members by member number, filtered by name, phone or number and by village")
	@GetMapping("/api/v1/admin/members")
	Mono<Page<MemberView>> members(@RequestParam(required = false) String q,
			@RequestParam(required = false) UUID villageId, @RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return this.members.members(q, villageId, PageQuery.of(page, size));
	}

	@Operation(summary = "Register a member household; a phone already in use gets 409")
	@ApiResponse(responseCode = "409",
			description = "DUPLICATE_PHONE (field phone): another member household has the phone",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/admin/members")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<MemberView> createMember(@Valid @RequestBody MemberDetails details) {
		return this.members.createMember(details);
	}

	@Operation(summary = "One member household")
	@GetMapping("/api/v1/admin/members/{id}")
	Mono<MemberView> member(@PathVariable UUID id) {
		return this.members.member(id);
	}

	@Operation(summary = "Change a member household's details")
	@PutMapping("/api/v1/admin/members/{id}")
	Mono<MemberView> updateMember(@PathVariable UUID id, @Valid @RequestBody MemberDetails details) {
		return this.members.updateMember(id, details);
	}

	@Operation(summary = "What the household agreed to show on its public card page")
	@GetMapping("/api/v1/admin/members/{id}/disclosure")
	Mono<HouseholdDisclosure> disclosure(@PathVariable UUID id) {
		return this.members.disclosure(id);
	}

	@Operation(summary = "Record what the household agreed to show on its public card page (audit-logged)")
	@PutMapping("/api/v1/admin/members/{id}/disclosure")
	Mono<HouseholdDisclosure> setDisclosure(@PathVariable UUID id, @Valid @RequestBody HouseholdDisclosure disclosure,
			@AuthenticationPrincipal Jwt jwt) {
		return this.members.setDisclosure(id, disclosure, jwt.getSubject());
	}

	@Operation(summary = "The people of the household (一户一档), never public")
	@GetMapping("/api/v1/admin/members/{id}/people")
	Mono<List<HouseholdPerson>> people(@PathVariable UUID id) {
		return this.members.people(id);
	}

	@Operation(summary = "Replace the people of the household, in order (audit-logged)")
	@PutMapping("/api/v1/admin/members/{id}/people")
	Mono<List<HouseholdPerson>> setPeople(@PathVariable UUID id,
			@Valid @RequestBody List<@Valid HouseholdPerson> people, @AuthenticationPrincipal Jwt jwt) {
		return this.members.setPeople(id, people, jwt.getSubject());
	}

	@Operation(summary = "Delete a member household no share or user refers to")
	@ApiResponse(responseCode = "409", description = "IN_USE: shares or users refer to the member household",
			content = @Content(mediaType = "application/problem+json"))
	@DeleteMapping("/api/v1/admin/members/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> deleteMember(@PathVariable UUID id) {
		return this.members.deleteMember(id);
	}

	@Operation(summary = "Shareholders with their share capital")
	@GetMapping("/api/v1/admin/shareholders")
	Mono<Page<ShareholderView>> shareholders(@RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return this.members.shareholders(PageQuery.of(page, size));
	}

	@Operation(summary = "Make a member household a shareholder")
	@ApiResponse(responseCode = "409", description = "ALREADY_SHAREHOLDER: the member household already holds shares",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/admin/shareholders")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<ShareholderView> createShareholder(@Valid @RequestBody NewShareholder command) {
		return this.members.createShareholder(command);
	}

	@Operation(summary = "One shareholder with its share capital")
	@GetMapping("/api/v1/admin/shareholders/{id}")
	Mono<ShareholderView> shareholder(@PathVariable UUID id) {
		return this.members.shareholder(id);
	}

	@Operation(summary = "Remove a shareholder without contributions")
	@ApiResponse(responseCode = "409", description = "IN_USE: contributions refer to the shareholder",
			content = @Content(mediaType = "application/problem+json"))
	@DeleteMapping("/api/v1/admin/shareholders/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> deleteShareholder(@PathVariable UUID id) {
		return this.members.deleteShareholder(id);
	}

	@Operation(summary = "A shareholder's capital contributions")
	@GetMapping("/api/v1/admin/shareholders/{id}/contributions")
	Mono<List<ContributionView>> contributions(@PathVariable UUID id) {
		return this.members.contributions(id);
	}

	@Operation(summary = "Record capital a shareholder paid in")
	@ApiResponse(responseCode = "409", description = "CAPITAL_INSUFFICIENT: a withdrawal beyond the share capital",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/admin/shareholders/{id}/contributions")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<ContributionView> contribute(@PathVariable UUID id, @Valid @RequestBody NewContribution contribution) {
		return this.members.contribute(id, contribution);
	}

	@Tag(name = "accounting")
	@Operation(summary = "Shareholders with their share capital, for accountants")
	@GetMapping("/api/v1/accounting/shareholders")
	Mono<Page<ShareholderView>> accountingShareholders(@RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return this.members.shareholders(PageQuery.of(page, size));
	}

}
