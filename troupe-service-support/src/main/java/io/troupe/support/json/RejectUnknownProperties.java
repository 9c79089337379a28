package io.troupe.support.json;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a request body type whose unknown properties are refused (400 naming the property) rather
 * than ignored, so that a misspelt field ({@code "repetition": 5}) is not silently dropped. Response
 * and event types stay lenient: a newer peer may add fields.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RejectUnknownProperties {
}
