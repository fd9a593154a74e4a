package coop.litang.cooplive.dividends;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * A period's figures: either the surplus after income tax as one amount, or revenue, cost
 * of goods, expenses and income tax, from which the surplus is computed. All in fen.
 *
 * @param revenueFen revenue of the year
 * @param costOfGoodsFen cost of the goods sold
 * @param expensesFen other expenses
 * @param incomeTaxFen income tax
 * @param surplusFen the surplus after income tax; negative in a loss year
 * @param carriedLossFen losses carried from earlier years to make up first
 */
public record PeriodFigures(@PositiveOrZero Long revenueFen, @PositiveOrZero Long costOfGoodsFen,
		@PositiveOrZero Long expensesFen, @PositiveOrZero Long incomeTaxFen, Long surplusFen,
		@NotNull @PositiveOrZero Long carriedLossFen) {

	@AssertTrue(message = "give the surplus, or revenue, costOfGoods, expenses and incomeTax")
	boolean isComplete() {
		return this.surplusFen != null || (this.revenueFen != null && this.costOfGoodsFen != null
				&& this.expensesFen != null && this.incomeTaxFen != null);
	}

	/** The surplus after income tax, given or computed. */
	long surplus() {
		return (this.surplusFen != null) ? this.surplusFen
				: Math.subtractExact(
						Math.subtractExact(Math.subtractExact(this.revenueFen, this.costOfGoodsFen), this.expensesFen),
						this.incomeTaxFen);
	}

}
