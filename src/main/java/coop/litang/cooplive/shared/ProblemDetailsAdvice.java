package coop.litang.cooplive.shared;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import tools.jackson.core.JacksonException;

/**
 * Turns every error into an RFC 9457 problem: the caller's mistakes into 4xx with the
 * offending fields named, PostgreSQL failing into {@code 503 DATABASE_UNAVAILABLE} with a
 * {@code Retry-After}, anything else into a 500 that leaks no internals.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@ExceptionHandler(InvalidInput.class)
	Mono<ResponseEntity<Object>> invalidInput(InvalidInput ex, ServerWebExchange exchange) {
		return respond(Problems.invalid(ex.fieldErrors(), exchange));
	}

	@ExceptionHandler(org.springdoc.api.OpenApiResourceNotFoundException.class)
	Mono<ResponseEntity<Object>> noSuchApiGroup(Exception ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, "no such API description", exchange);
		problem.setProperty("code", "NOT_FOUND");
		return respond(problem);
	}

	@ExceptionHandler(NotFound.class)
	Mono<ResponseEntity<Object>> notFound(NotFound ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, ex.getMessage(), exchange);
		problem.setProperty("code", "NOT_FOUND");
		return respond(problem);
	}

	@ExceptionHandler(Unprocessable.class)
	Mono<ResponseEntity<Object>> unprocessable(Unprocessable ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage(), exchange);
		problem.setProperty("code", ex.code());
		ex.properties().forEach(problem::setProperty);
		return respond(problem);
	}

	@ExceptionHandler(Forbidden.class)
	Mono<ResponseEntity<Object>> forbidden(Forbidden ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.FORBIDDEN, ex.getMessage(), exchange);
		problem.setProperty("code", ex.code());
		if (ex.field() != null) {
			problem.setProperty("field", ex.field());
		}
		return respond(problem);
	}

	// a sold-out drop answers this thousands of times a second: the problem is written
	// as JSON directly rather than through the codecs
	@ExceptionHandler(Conflict.class)
	Mono<ResponseEntity<Object>> conflict(Conflict ex, ServerWebExchange exchange) {
		byte[] body = Problems.json(ex, exchange.getRequest().getPath().value());
		return Mono.just(
				ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body));
	}

	@ExceptionHandler(Unavailable.class)
	Mono<ResponseEntity<Object>> unavailable(Unavailable ex, ServerWebExchange exchange) {
		return tryLater(HttpStatus.SERVICE_UNAVAILABLE, ex, exchange);
	}

	@ExceptionHandler(TooManyRequests.class)
	Mono<ResponseEntity<Object>> tooMany(TooManyRequests ex, ServerWebExchange exchange) {
		return tryLater(HttpStatus.TOO_MANY_REQUESTS, ex, exchange);
	}

	private static Mono<ResponseEntity<Object>> tryLater(HttpStatus status, TryLater ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(status, ex.getMessage(), exchange);
		problem.setProperty("code", ex.code());
		if (ex instanceof RateLimited limited) {
			problem.setProperty("limit", limited.limit());
		}
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (ex.retryAfter() != null) {
			answer = answer.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()));
		}
		return Mono.just(answer.body(problem));
	}

	@ExceptionHandler(DataIntegrityViolationException.class)
	Mono<ResponseEntity<Object>> integrity(DataIntegrityViolationException ex, ServerWebExchange exchange) {
		// a race past the module's own checks: the constraint is the last word
		RequestIds.log(exchange,
				() -> log.info("constraint refused a change: {}", ex.getMostSpecificCause().getMessage()));
		ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "The change conflicts with existing data", exchange);
		problem.setProperty("code", "CONFLICT");
		return respond(problem);
	}

	@ExceptionHandler(Exception.class)
	Mono<ResponseEntity<Object>> unexpected(Exception ex, ServerWebExchange exchange) {
		if (DatabaseOutage.causes(ex)) {
			RequestIds.log(exchange, () -> log.warn("database unavailable on {} {}: {}",
					exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex.toString()));
			return unavailable(DatabaseOutage.unavailable(), exchange);
		}
		if (AbortedException.isConnectionReset(ex)) {
			// the caller hung up before its answer: nothing to answer, nothing wrong here
			RequestIds.log(exchange, () -> log.debug("caller gone before the answer to {} {}: {}",
					exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex.toString()));
			return respond(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", exchange));
		}
		RequestIds.log(exchange, () -> log.error("unhandled error on {} {}", exchange.getRequest().getMethod(),
				exchange.getRequest().getPath(), ex));
		return respond(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", exchange));
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		Map<String, String> errors = new LinkedHashMap<>();
		for (FieldError error : ex.getFieldErrors()) {
			errors.putIfAbsent(error.getField(), Optional.ofNullable(error.getDefaultMessage()).orElse("is invalid"));
		}
		ex.getGlobalErrors()
			.forEach((error) -> errors.putIfAbsent(error.getObjectName(),
					Optional.ofNullable(error.getDefaultMessage()).orElse("is invalid")));
		return respond(Problems.invalid(errors, exchange));
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		Map<String, String> errors = new LinkedHashMap<>();
		ex.getParameterValidationResults().forEach((result) -> {
			String name = Optional.ofNullable(result.getMethodParameter().getParameterName()).orElse("parameter");
			result.getResolvableErrors()
				.forEach((error) -> errors.putIfAbsent(name,
						Optional.ofNullable(error.getDefaultMessage()).orElse("is invalid")));
		});
		return respond(Problems.invalid(errors, exchange));
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleMissingRequestValueException(MissingRequestValueException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		return respond(Problems.invalid(Map.of(ex.getName(), "is required"), exchange));
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		InvalidInput invalid = findCause(ex, InvalidInput.class);
		JacksonException json = findCause(ex, JacksonException.class);
		if (invalid != null) {
			String prefix = (json != null) ? parentPath(json) : "";
			Map<String, String> errors = new LinkedHashMap<>();
			invalid.fieldErrors().forEach((field, message) -> errors.put(prefix + field, message));
			return respond(Problems.invalid(errors, exchange));
		}
		if (json != null) {
			String path = path(json);
			if (path.isEmpty()) {
				return respond(Problems.invalid(Map.of("body", "is not valid JSON"), exchange));
			}
			IllegalArgumentException rule = findCause(ex, IllegalArgumentException.class);
			String message = (rule != null && rule.getMessage() != null) ? rule.getMessage()
					: "has the wrong type or format";
			return respond(Problems.invalid(Map.of(path, message), exchange));
		}
		MethodParameter parameter = ex.getMethodParameter();
		boolean body = parameter == null || parameter.hasParameterAnnotation(RequestBody.class);
		String name = body ? "body" : Optional.ofNullable(parameter.getParameterName()).orElse("parameter");
		String message = (findCause(ex, TypeMismatchException.class) != null) ? "has the wrong type or format"
				: (body ? "is missing or unreadable" : "is invalid");
		return respond(Problems.invalid(Map.of(name, message), exchange));
	}

	@Override
	protected Mono<ResponseEntity<Object>> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
			ServerWebExchange exchange) {
		if (body instanceof ProblemDetail problem && problem.getInstance() == null) {
			problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		}
		return super.createResponseEntity(body, headers, status, exchange);
	}

	private static Mono<ResponseEntity<Object>> respond(ProblemDetail problem) {
		return Mono.just(ResponseEntity.status(problem.getStatus()).body(problem));
	}

	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String parentPath(JacksonException ex) {
		// a value object's own rule names its fields; keep where that object sits in the
		// body
		String path = path(ex);
		return path.isEmpty() ? "" : path + ".";
	}

	private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
		Throwable current = ex;
		while (current != null) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			current = (current.getCause() == current) ? null : current.getCause();
		}
		return null;
	}

}
