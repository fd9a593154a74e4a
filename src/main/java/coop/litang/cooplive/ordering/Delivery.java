package coop.litang.cooplive.ordering;

import jakarta.validation.constraints.Size;

/**
 * A delivery confirmed.
 *
 * @param cashReference for a cash on delivery order, how the cash was received (such as
 * "courier receipt 8812"); "cash on delivery" when absent
 */
public record Delivery(@Size(max = 200) String cashReference) {
}
