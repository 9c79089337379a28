package io.troupe.support.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * The JSON rules of every Troupe REST API: a value of the wrong JSON type is refused, never
 * converted ({@code "agents": 2.5} is not 2, {@code "agents": "2"} is not 2, {@code "suite": true}
 * is not "true"); the one conversion kept is a whole number where a string belongs (an id such as
 * {@code "id": 1}). Request types marked {@link RejectUnknownProperties} refuse unknown properties.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean,
                LogicalType.Textual)) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, type == LogicalType.Textual ? CoercionAction.TryConvert
                            : CoercionAction.Fail)
                    // a whole number where a string belongs is taken as its digits: ids may be numbers
                    // (the paper's task lists number their tasks)
                    .setCoercion(CoercionInputShape.Integer, type == LogicalType.Boolean ? CoercionAction.Fail
                            : CoercionAction.TryConvert)
                    .setCoercion(CoercionInputShape.Float, type == LogicalType.Float ? CoercionAction.TryConvert
                            : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, type == LogicalType.Boolean ? CoercionAction.TryConvert
                            : CoercionAction.Fail);
        }
        mapper.addHandler(new DeserializationProblemHandler() {
            @Override
            public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
                                                 JsonDeserializer<?> deserializer, Object beanOrClass,
                                                 String propertyName) throws IOException {
                Class<?> type = beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass();
                if (type.isAnnotationPresent(RejectUnknownProperties.class)) {
                    Collection<Object> known = deserializer == null ? null : deserializer.getKnownPropertyNames();
                    throw UnrecognizedPropertyException.from(p, beanOrClass, propertyName, known);
                }
                return false;
            }
        });
    }
}
