package coop.litang.cooplive.members;

/**
 * Where a capital contribution came from; the member account keeps them apart.
 */
public enum ContributionSource {

	/** A village's poverty-alleviation revolving fund (扶贫周转金) invested as shares. */
	VILLAGE_REVOLVING_FUND,
	/** A household's poverty-alleviation assets quantified as capital. */
	POVERTY_HOUSEHOLD_ASSET,
	/** Any other contribution, such as cash paid in by a member. */
	OTHER

}
