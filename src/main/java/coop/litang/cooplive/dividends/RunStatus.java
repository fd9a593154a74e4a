package coop.litang.cooplive.dividends;

/**
 * A dividend run is a draft until a second accountant approves it; a newer draft
 * supersedes an older one; an approved run never changes.
 */
public enum RunStatus {

	DRAFT, SUPERSEDED, APPROVED

}
