package io.troupe.agent.model;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts tokens the way OpenAI's {@code cl100k_base} tokenizer does; the simulated model reports
 * its usage with it. Loading the encoding takes a moment, so there is one per process, loaded at
 * startup rather than inside the first turn it would otherwise slow down.
 */
@Startup
@ApplicationScoped
public class TokenCounter {
    private final Encoding encoding = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokens(text);
    }
}
