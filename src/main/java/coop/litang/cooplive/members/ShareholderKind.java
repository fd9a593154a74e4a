package coop.litang.cooplive.members;

/**
 * Who holds shares: a member household or a village collective.
 */
public enum ShareholderKind {

	MEMBER, VILLAGE

}
