package coop.litang.cooplive.ordering;

import java.util.EnumMap;
import java.util.Map;

import coop.litang.cooplive.catalog.Unit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much one order and one buyer may hold, so that nobody empties a shop or a drop with
 * unpaid orders. Units are counted per kind (pieces, grams, boxes, packs): a line and an
 * order may not go over the kind's caps, and a buyer may have only so many unpaid orders
 * at once across the whole store (orders a host enters do not count).
 *
 * @param unpaidOrdersPerBuyer unpaid orders one buyer (by phone) may have at once
 * @param perLine the most units of a kind one line may ask for
 * @param perOrder the most units of a kind one order may ask for, its lines together
 */
@ConfigurationProperties("cooplive.ordering.caps")
public record HoldCaps(@DefaultValue("3") int unpaidOrdersPerBuyer, Map<Unit, Long> perLine, Map<Unit, Long> perOrder) {

	// a retail buyer of cordyceps takes tens of pieces or a few boxes; yak meat by the
	// kilo
	private static final Map<Unit, Long> PER_LINE = Map.of(Unit.PIECE, 100L, Unit.GRAM, 5_000L, Unit.BOX, 10L,
			Unit.PACK, 50L);

	private static final Map<Unit, Long> PER_ORDER = Map.of(Unit.PIECE, 200L, Unit.GRAM, 10_000L, Unit.BOX, 20L,
			Unit.PACK, 100L);

	public HoldCaps {
		if (unpaidOrdersPerBuyer < 1) {
			throw new IllegalArgumentException("cooplive.ordering.caps.unpaid-orders-per-buyer must be at least 1");
		}
		perLine = complete(perLine, PER_LINE, "per-line");
		perOrder = complete(perOrder, PER_ORDER, "per-order");
	}

	/** The defaults. */
	public static HoldCaps defaults() {
		return new HoldCaps(3, null, null);
	}

	/** The most units of a kind one line may ask for. */
	long perLine(Unit unit) {
		return this.perLine.get(unit);
	}

	/** The most units of a kind one order may ask for. */
	long perOrder(Unit unit) {
		return this.perOrder.get(unit);
	}

	private static Map<Unit, Long> complete(Map<Unit, Long> given, Map<Unit, Long> defaults, String name) {
		Map<Unit, Long> caps = new EnumMap<>(defaults);
		if (given != null) {
			given.forEach((unit, cap) -> {
				if (cap == null || cap < 1) {
					throw new IllegalArgumentException(
							"cooplive.ordering.caps." + name + "." + unit.name().toLowerCase() + " must be at least 1");
				}
				caps.put(unit, cap);
			});
		}
		return Map.copyOf(caps);
	}

}
