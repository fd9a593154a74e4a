package coop.litang.cooplive.shared;

/**
 * Which page of a list a caller asks for: {@code page} counts from 0, {@code size} is 1
 * to {@value #MAX_SIZE} with a default of {@value #DEFAULT_SIZE}.
 *
 * @param page the page number, from 0
 * @param size the number of items per page
 */
public record PageQuery(int page, int size) {

	public static final int DEFAULT_SIZE = 20;

	public static final int MAX_SIZE = 100;

	public PageQuery {
		if (page < 0) {
			throw new InvalidInput("page", "must be 0 or more");
		}
		if (size < 1 || size > MAX_SIZE) {
			throw new InvalidInput("size", "must be between 1 and " + MAX_SIZE);
		}
	}

	/** Reads the request parameters, applying the defaults when they are absent. */
	public static PageQuery of(Integer page, Integer size) {
		return new PageQuery((page != null) ? page : 0, (size != null) ? size : DEFAULT_SIZE);
	}

	public long offset() {
		return (long) this.page * this.size;
	}

}
