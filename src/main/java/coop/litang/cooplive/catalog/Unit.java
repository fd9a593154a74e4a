package coop.litang.cooplive.catalog;

/**
 * How a SKU is counted and sold.
 */
public enum Unit {

	/** A single piece, such as one cordyceps. */
	PIECE,
	/** By weight, in grams. */
	GRAM,
	/** A box of a stated grade and count. */
	BOX,
	/** A sealed pack, such as yak jerky. */
	PACK

}
