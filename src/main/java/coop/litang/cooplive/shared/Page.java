package coop.litang.cooplive.shared;

import java.util.List;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One page of a list and where it stands in the whole.
 *
 * @param items the items on this page
 * @param page the page number, from 0
 * @param size the requested page size
 * @param totalItems the number of items in the whole list
 * @param totalPages the number of pages in the whole list
 */
public record Page<T>(List<T> items, int page, int size, long totalItems, long totalPages) {

	public static <T> Page<T> of(List<T> items, PageQuery query, long totalItems) {
		long pages = (totalItems + query.size() - 1) / query.size();
		return new Page<>(List.copyOf(items), query.page(), query.size(), totalItems, pages);
	}

	/** Reads a page's items and the total count side by side. */
	public static <T> Mono<Page<T>> read(Flux<T> items, Mono<Long> totalItems, PageQuery query) {
		return Mono.zip(items.collectList(), totalItems, (list, total) -> of(list, query, total));
	}

	public <R> Page<R> map(Function<? super T, R> mapper) {
		return new Page<>(this.items.stream().<R>map(mapper).toList(), this.page, this.size, this.totalItems,
				this.totalPages);
	}

}
