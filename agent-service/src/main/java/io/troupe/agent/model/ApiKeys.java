package io.troupe.agent.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where API keys come from: a secret file if one is configured, else the provider's environment
 * variables. Never from configuration files, and never logged (exceptions name the source only).
 */
public final class ApiKeys {
    private final UnaryOperator<String> environment;

    public ApiKeys(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    public static ApiKeys fromSystemEnvironment() {
        return new ApiKeys(System::getenv);
    }

    /** The key in {@code file} if given, else in the first of {@code variables} that is set and not blank. */
    public Optional<String> key(Optional<String> file, List<String> variables) {
        if (file.isPresent()) {
            Path path = Path.of(file.get());
            try {
                String key = Files.readString(path).strip();
                if (key.isEmpty()) {
                    throw new IllegalStateException("the API key file " + path + " is empty");
                }
                return Optional.of(key);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the API key file " + path + ": " + e.getClass()
                        .getSimpleName(), e);
            }
        }
        return variables.stream()
                .map(environment)
                .filter(v -> v != null && !v.isBlank())
                .map(String::strip)
                .findFirst();
    }
}
