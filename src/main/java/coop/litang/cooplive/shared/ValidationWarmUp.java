package coop.litang.cooplive.shared;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.Set;

import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * Bean Validation reads its message bundles the first time a constraint fails and builds
 * each type's constraint metadata the first time it validates one, under locks that
 * concurrent requests would wait on. Doing both at start-up, on the main thread, keeps
 * that work off the event loops of the first requests.
 */
@Component
class ValidationWarmUp implements SmartInitializingSingleton {

	private static final String OWN_PACKAGE = "coop.litang.cooplive";

	private final Validator validator;

	private final ObjectProvider<RequestMappingHandlerMapping> handlers;

	ValidationWarmUp(Validator validator, ObjectProvider<RequestMappingHandlerMapping> handlers) {
		this.validator = validator;
		this.handlers = handlers;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.validator.validate(new Sample(null));
		Set<Class<?>> seen = new HashSet<>();
		this.handlers.orderedStream()
			.flatMap((mapping) -> mapping.getHandlerMethods().values().stream())
			.flatMap((method) -> java.util.Arrays.stream(method.getMethodParameters()))
			.filter((parameter) -> parameter.hasParameterAnnotation(RequestBody.class))
			.map(MethodParameter::getParameterType)
			.forEach((type) -> warm(type, seen));
	}

	private void warm(Class<?> type, Set<Class<?>> seen) {
		if (!type.getName().startsWith(OWN_PACKAGE) || !seen.add(type)) {
			return;
		}
		this.validator.getConstraintsForClass(type);
		if (type.isRecord()) {
			for (RecordComponent component : type.getRecordComponents()) {
				warmType(component.getGenericType(), seen);
			}
		}
	}

	private void warmType(Type type, Set<Class<?>> seen) {
		if (type instanceof Class<?> plain) {
			warm(plain, seen);
		}
		else if (type instanceof ParameterizedType parameterized) {
			for (Type argument : parameterized.getActualTypeArguments()) {
				warmType(argument, seen);
			}
		}
	}

	record Sample(@NotNull String value) {
	}

}
