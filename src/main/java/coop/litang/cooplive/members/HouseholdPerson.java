package coop.litang.cooplive.members;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A person of a member household, as the household file (一户一档) records them. Never shown
 * on the public page.
 *
 * @param name the person's name
 * @param relation how they belong to the household
 * @param birthYear the year they were born, if known
 */
public record HouseholdPerson(@NotBlank @Size(max = 100) String name, @NotNull Relation relation,
		@Min(1900) @Max(2100) Integer birthYear) {

	/** How a person belongs to the household. */
	public enum Relation {

		/** 户主 */
		HEAD,
		/** 配偶 */
		SPOUSE,
		/** 子女 */
		CHILD,
		/** 父母 */
		PARENT,
		/** 兄弟姐妹 */
		SIBLING,
		/** 孙子女 */
		GRANDCHILD,
		/** 其他 */
		OTHER

	}

}
