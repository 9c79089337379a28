package io.troupe.agent.model;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.troupe.agent.config.AgentConfig;
import io.troupe.agent.config.AgentConfig.Provider;
import io.troupe.protocol.events.ModelSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real LLMs through LangChain4j, one model object per provider and model name (they are
 * thread-safe and shared by the agents). Each call has a time limit; 429, 5xx and timeouts are
 * retried by LangChain4j with exponential backoff. Request and response logging stays off: the
 * requests carry the API key.
 */
public final class ProviderModels {
    public static final List<String> PROVIDERS = List.of("openai", "anthropic", "gemini", "ollama");

    private static final Map<String, String> DEFAULT_URLS = Map.of(
            "openai", "https://api.openai.com/v1",
            "anthropic", "https://api.anthropic.com/v1",
            "gemini", "https://generativelanguage.googleapis.com/v1beta",
            "ollama", "http://localhost:11434");

    private final AgentConfig config;
    private final ApiKeys keys;
    private final Map<String, ChatModel> models = new ConcurrentHashMap<>();

    public ProviderModels(AgentConfig config, ApiKeys keys) {
        this.config = config;
        this.keys = keys;
    }

    public boolean offers(String provider) {
        return PROVIDERS.contains(provider);
    }

    public ChatModel model(ModelSpec spec) {
        return models.computeIfAbsent(spec.provider() + "\n" + spec.name(), k -> build(spec));
    }

    private ChatModel build(ModelSpec spec) {
        Duration timeout = config.agent().llm().timeout();
        int retries = Math.max(0, config.agent().llm().maxRetries());
        String name = spec.name();
        return switch (spec.provider()) {
            case "openai" -> {
                String url = baseUrl("openai", config.openai());
                // A local OpenAI-compatible server (vLLM, llama.cpp) needs no key; OpenAI itself does.
                String key = key("openai", config.openai(), List.of("TROUPE_OPENAI_API_KEY", "OPENAI_API_KEY"),
                        !url.equals(DEFAULT_URLS.get("openai"))).orElse("none");
                yield OpenAiChatModel.builder().baseUrl(url).apiKey(key).modelName(name)
                        .timeout(timeout).maxRetries(retries).logRequests(false).logResponses(false).build();
            }
            case "anthropic" -> AnthropicChatModel.builder().baseUrl(baseUrl("anthropic", config.anthropic()))
                    .apiKey(key("anthropic", config.anthropic(), List.of("TROUPE_ANTHROPIC_API_KEY",
                            "ANTHROPIC_API_KEY"), false).orElseThrow())
                    .modelName(name).timeout(timeout).maxRetries(retries).maxTokens(4096)
                    .logRequests(false).logResponses(false).build();
            case "gemini" -> GoogleAiGeminiChatModel.builder().baseUrl(baseUrl("gemini", config.gemini()))
                    .apiKey(key("gemini", config.gemini(), List.of("TROUPE_GEMINI_API_KEY", "GEMINI_API_KEY",
                            "GOOGLE_API_KEY"), false).orElseThrow())
                    .modelName(name).timeout(timeout).maxRetries(retries).build();
            case "ollama" -> OllamaChatModel.builder().baseUrl(baseUrl("ollama", config.ollama()))
                    .modelName(name).timeout(timeout).maxRetries(retries).build();
            default -> throw new UnsupportedModelException("model provider '" + spec.provider() + "' is not one of "
                    + PROVIDERS + " or 'simulated'");
        };
    }

    private static String baseUrl(String provider, Provider settings) {
        return settings.baseUrl().filter(u -> !u.isBlank()).orElse(DEFAULT_URLS.get(provider));
    }

    private Optional<String> key(String provider, Provider settings, List<String> variables, boolean optional) {
        Optional<String> key = keys.key(settings.apiKeyFile(), variables);
        if (key.isEmpty() && !optional) {
            throw new UnsupportedModelException("no API key for provider '" + provider + "': set "
                    + String.join(" or ", variables) + " in the agent service's environment, or troupe." + provider
                    + ".api-key-file to a file holding it");
        }
        return key;
    }
}
