package coop.litang.cooplive.dividends;

import java.util.List;

/**
 * What a file imports, with its columns: the template's headings name each column's key
 * in Chinese and English.
 */
public enum ImportKind {

	/** A season's deliveries: transaction volumes that are not stock. */
	DELIVERIES("deliveries",
			List.of("memberNumber", "deliveredOn", "quantity", "amountYuan", "description", "reference"),
			List.of("memberNumber", "deliveredOn", "amountYuan"),
			List.of("成员编号 memberNumber", "交付日期 deliveredOn", "数量 quantity", "金额（元）amountYuan", "货品 description",
					"凭证 reference"),
			List.of("1001", "2025-12-28", "120", "36000.00", "冬虫夏草 cordyceps", "收购本 第12页")),

	/** Capital contributions of members and villages. */
	CAPITAL("capital", List.of("shareholder", "contributedOn", "amountYuan", "source", "note"),
			List.of("shareholder", "contributedOn", "amountYuan"),
			List.of("股东（成员编号或村代码）shareholder", "入股日期 contributedOn", "金额（元）amountYuan", "来源 source", "备注 note"),
			List.of("1001", "2025-03-01", "20000.00", "OTHER", "现金入股 cash"));

	private final String path;

	private final List<String> keys;

	private final List<String> required;

	private final List<String> heading;

	private final List<String> example;

	ImportKind(String path, List<String> keys, List<String> required, List<String> heading, List<String> example) {
		this.path = path;
		this.keys = keys;
		this.required = required;
		this.heading = heading;
		this.example = example;
	}

	/** The kind as written in paths, such as {@code deliveries}. */
	public String path() {
		return this.path;
	}

	List<String> keys() {
		return this.keys;
	}

	List<String> required() {
		return this.required;
	}

	List<String> heading() {
		return this.heading;
	}

	List<String> example() {
		return this.example;
	}

	/** The kind for a path segment; {@code null} when there is none. */
	static ImportKind ofPath(String path) {
		for (ImportKind kind : values()) {
			if (kind.path.equals(path)) {
				return kind;
			}
		}
		return null;
	}

}
