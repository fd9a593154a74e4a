package coop.litang.cooplive.dividends;

import java.util.List;

/**
 * The 盈余及盈余分配表 of a run, rows in the order of the MoF cooperative accounting rules,
 * amounts in fen.
 *
 * @param year the fiscal year
 * @param rows the rows
 */
public record DistributionTable(int year, List<Row> rows) {

	/**
	 * @param item the row's name in Chinese and English
	 * @param amountFen its amount
	 */
	public record Row(String item, long amountFen) {
	}

	static DistributionTable of(DividendRunView run) {
		long distributed = run.patronagePoolFen() + run.capitalPoolFen();
		return new DistributionTable(run.year(), List.of(new Row("本年盈余 Year surplus", run.surplusFen()),
				new Row("加：年初未分配盈余 Undistributed surplus at start of year", 0), new Row("加：其他转入 Other transfers in", 0),
				new Row("减：弥补以前年度亏损 Losses made up", run.carriedLossFen()),
				new Row("减：提取公积金 Provident fund", run.providentFundFen()),
				new Row("可分配盈余 Distributable surplus", run.distributableFen()),
				new Row("减：按交易量（额）返还盈余 Patronage refunds", run.patronagePoolFen()),
				new Row("减：剩余盈余分配 Remaining-surplus distribution", run.capitalPoolFen()),
				new Row("减：转为成员出资 Converted to capital", 0),
				new Row("年末未分配盈余 Undistributed at year end", run.distributableFen() - distributed)));
	}

}
