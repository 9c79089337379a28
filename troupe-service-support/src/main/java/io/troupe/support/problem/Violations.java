package io.troupe.support.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Bean Validation violations as a client reads them: the field as it appears in the request
 * ({@code limits.maxTurns}, {@code suites[3]}, the {@code Troupe-Agent} header, the {@code run}
 * path parameter), the value sent (shortened), and the bound it broke.
 */
final class Violations {
    private static final int SHOWN = 80;

    private Violations() {
    }

    /** One violation; {@code min}/{@code max} are the bounds when the constraint has them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Violation(String field, String in, Object value, String message, Object min, Object max) {
        String sentence() {
            String where = switch (in) {
                case "header" -> "the " + field + " header";
                case "path" -> "the path parameter '" + field + "'";
                case "query" -> "the query parameter '" + field + "'";
                default -> "'" + field + "'";
            };
            return where + " " + message + (value == null ? " (it is missing)" : " (it is " + value + ")");
        }
    }

    static List<Violation> of(Collection<ConstraintViolation<?>> violations) {
        return violations.stream().map(Violations::of).sorted(Comparator.comparing(Violation::field)).toList();
    }

    private static Violation of(ConstraintViolation<?> v) {
        Method method = null;
        int parameter = -1;
        StringBuilder field = new StringBuilder();
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                method = method(v.getRootBeanClass(), node.as(Path.MethodNode.class));
            } else if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.as(Path.ParameterNode.class).getParameterIndex();
            } else if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                if (node.getIndex() != null && !field.isEmpty()) {
                    field.append('[').append(node.getIndex()).append(']');
                } else if (node.getKey() != null && !field.isEmpty()) {
                    field.append('[').append(node.getKey()).append(']');
                }
                if (node.getName() != null && node.getKind() == ElementKind.PROPERTY) {
                    if (!field.isEmpty()) {
                        field.append('.');
                    }
                    field.append(node.getName());
                }
            }
        }
        String in = "body";
        if (field.isEmpty() && method != null && parameter >= 0) {
            for (Annotation a : parameterAnnotations(method, parameter)) {
                switch (a) {
                    case HeaderParam h -> {
                        in = "header";
                        field.append(h.value());
                    }
                    case PathParam p -> {
                        in = "path";
                        field.append(p.value());
                    }
                    case QueryParam q -> {
                        in = "query";
                        field.append(q.value());
                    }
                    default -> {
                    }
                }
            }
        }
        if (field.isEmpty()) {
            field.append(method != null && parameter >= 0 ? "body" : "request");
        }
        Map<String, Object> attributes = v.getConstraintDescriptor().getAttributes();
        Object min = attributes.containsKey("min") ? attributes.get("min") : null;
        Object max = attributes.containsKey("max") ? attributes.get("max") : null;
        String kind = v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        if (kind.startsWith("Min") || kind.startsWith("DecimalMin") || kind.equals("Positive")) {
            min = attributes.getOrDefault("value", kind.equals("Positive") ? 1 : null);
        }
        if (kind.startsWith("Max") || kind.startsWith("DecimalMax")) {
            max = attributes.get("value");
        }
        if (min instanceof Integer i && i == 0 && kind.equals("Size")) {
            min = null;
        }
        if (max instanceof Integer i && i == Integer.MAX_VALUE) {
            max = null;
        }
        return new Violation(field.toString(), in, shown(v.getInvalidValue()), v.getMessage(), min, max);
    }

    /**
     * The annotations of a parameter as declared: the class validated may be a generated subclass
     * (interceptors) whose override carries none, so the declaration is looked for up the hierarchy.
     */
    private static Annotation[] parameterAnnotations(Method method, int parameter) {
        for (Class<?> c = method.getDeclaringClass(); c != null; c = c.getSuperclass()) {
            try {
                Annotation[] annotations = c.getDeclaredMethod(method.getName(), method.getParameterTypes())
                        .getParameterAnnotations()[parameter];
                if (annotations.length > 0) {
                    return annotations;
                }
            } catch (NoSuchMethodException e) {
                // declared higher up
            }
        }
        return new Annotation[0];
    }

    private static Method method(Class<?> type, Path.MethodNode node) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod(node.getName(), node.getParameterTypes().toArray(Class<?>[]::new));
            } catch (NoSuchMethodException e) {
                // declared higher up
            }
        }
        return null;
    }

    /** The value as the problem shows it: short strings quoted, long ones cut, collections by size. */
    private static Object shown(Object value) {
        return switch (value) {
            case null -> null;
            case Number n -> n;
            case Boolean b -> b;
            case CharSequence s -> s.length() > SHOWN ? "\"" + s.subSequence(0, SHOWN) + "…\" (" + s.length()
                    + " characters)" : "\"" + s + "\"";
            case Collection<?> c -> "a list of " + c.size();
            case Map<?, ?> m -> "an object of " + m.size() + " entries";
            default -> {
                String text = String.valueOf(value);
                yield text.length() > SHOWN ? text.substring(0, SHOWN) + "…" : text;
            }
        };
    }
}
