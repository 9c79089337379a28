package io.troupe.agent.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A stub OpenAI-compatible chat-completions server on a free port, with the agent service's
 * {@code openai} provider pointed at it and its API key in a secret file.
 */
public class StubLlmResource implements QuarkusTestResourceLifecycleManager {
    static final String API_KEY = "sk-stub-" + Long.toHexString(System.nanoTime());
    static volatile StubOpenAiServer server;

    @Override
    public Map<String, String> start() {
        try {
            Path keyFile = Files.createTempFile("troupe-openai-key", ".txt");
            Files.writeString(keyFile, API_KEY + "\n");
            server = StubOpenAiServer.start(API_KEY, () -> PeersResource.coordinatorUrl);
            return Map.of("troupe.openai.base-url", server.baseUrl(),
                    "troupe.openai.api-key-file", keyFile.toString(),
                    "troupe.agent.llm.max-retries", "2",
                    "troupe.agent.llm.timeout", "20s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
