package io.troupe.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for an OpenAI-compatible LLM server, speaking the chat-completions wire format:
 * {@code POST /v1/chat/completions} with {@code messages} and {@code tools} in, an assistant
 * message with {@code tool_calls} (arguments as a JSON string) and {@code usage} out.
 *
 * <p>It plays a competent coder: it reads its task from the conversation, fetches the task's
 * reference solution from the coordinator, writes it on top of the versions the conversation
 * names, runs the tests, and completes the task when they pass. Model {@code stub-chaos} first
 * answers each task with a call whose arguments are not JSON and a call to an unknown tool, then
 * with text only, and the very first request of that model is refused with 429 once.
 */
final class StubOpenAiServer implements AutoCloseable {
    static final int COMPLETION_TOKENS = 42;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TASK = Pattern.compile("Your task: (\\S+) - ");
    private static final Pattern SUITE = Pattern.compile("project '([^']+)'");
    private static final Pattern HEAD = Pattern.compile("(?m)^- (\\S+): version (\\d+) by ");

    /** What the stub was sent: the model, whether the key was right, and the request body. */
    record Seen(String model, boolean authorized, JsonNode body) {
    }

    private final HttpServer http;
    private final String apiKey;
    private final Supplier<String> coordinatorUrl;
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicBoolean rateLimited = new AtomicBoolean();
    final List<Seen> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger refusedWith429 = new AtomicInteger();

    private StubOpenAiServer(HttpServer http, String apiKey, Supplier<String> coordinatorUrl) {
        this.http = http;
        this.apiKey = apiKey;
        this.coordinatorUrl = coordinatorUrl;
    }

    static StubOpenAiServer start(String apiKey, Supplier<String> coordinatorUrl) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        StubOpenAiServer stub = new StubOpenAiServer(http, apiKey, coordinatorUrl);
        http.createContext("/v1/chat/completions", stub::handle);
        http.setExecutor(Executors.newFixedThreadPool(4));
        http.start();
        return stub;
    }

    String baseUrl() {
        return "http://localhost:" + http.getAddress().getPort() + "/v1";
    }

    List<Seen> requestsFor(String model) {
        return requests.stream().filter(s -> model.equals(s.model())).toList();
    }

    @Override
    public void close() {
        http.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String model = body.path("model").asText();
            boolean authorized = ("Bearer " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            requests.add(new Seen(model, authorized, body));
            if (!authorized) {
                send(exchange, 401, "{\"error\": {\"message\": \"Incorrect API key provided\", \"type\": "
                        + "\"invalid_request_error\", \"code\": \"invalid_api_key\"}}");
                return;
            }
            if ("stub-chaos".equals(model) && rateLimited.compareAndSet(false, true)) {
                refusedWith429.incrementAndGet();
                send(exchange, 429, "{\"error\": {\"message\": \"Rate limit reached\", \"type\": \"requests\", "
                        + "\"code\": \"rate_limit_exceeded\"}}");
                return;
            }
            send(exchange, 200, JSON.writeValueAsString(reply(model, body)));
        } catch (RuntimeException e) {
            send(exchange, 500, "{\"error\": {\"message\": \"stub failed: " + e.getMessage().replace('"', '\'')
                    + "\"}}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private ObjectNode reply(String model, JsonNode body) {
        JsonNode messages = body.path("messages");
        int assistantTurns = 0;
        for (JsonNode m : messages) {
            if ("assistant".equals(m.path("role").asText())) {
                assistantTurns++;
            }
        }
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        ArrayNode calls = JSON.createArrayNode();
        if ("stub-chaos".equals(model) && assistantTurns == 0) {
            calls.add(call("write_file", "{\"path\": \"oops.py\", \"content\": \"x = 1"));
            calls.add(call("deploy_to_production", "{}"));
        } else if ("stub-chaos".equals(model) && assistantTurns == 1) {
            message.put("content", "I would rather describe the solution than call a tool.");
        } else {
            coderTurn(messages, calls);
        }
        if (calls.isEmpty()) {
            message.putNull("tool_calls");
        } else {
            message.putNull("content");
            message.set("tool_calls", calls);
        }
        ObjectNode response = JSON.createObjectNode()
                .put("id", "chatcmpl-" + ids.incrementAndGet())
                .put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000)
                .put("model", model);
        response.putArray("choices").addObject().put("index", 0).<ObjectNode>set("message", message)
                .put("finish_reason", calls.isEmpty() ? "stop" : "tool_calls");
        int promptTokens = 1000 + messages.size();
        response.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", COMPLETION_TOKENS)
                .put("total_tokens", promptTokens + COMPLETION_TOKENS);
        return response;
    }

    private void coderTurn(JsonNode messages, ArrayNode calls) {
        String system = "";
        String task = "";
        Map<String, Long> versions = new java.util.HashMap<>();
        Boolean testsPassed = null;
        for (JsonNode m : messages) {
            String role = m.path("role").asText();
            String content = m.path("content").isTextual() ? m.path("content").asText() : "";
            switch (role) {
                case "system" -> system = content;
                case "user" -> {
                    if (task.isEmpty()) {
                        task = content;
                        Matcher head = HEAD.matcher(content);
                        while (head.find()) {
                            versions.put(head.group(1), Long.parseLong(head.group(2)));
                        }
                    }
                    testsPassed = null;
                }
                case "assistant" -> testsPassed = null;
                case "tool" -> {
                    JsonNode result = parse(content);
                    String path = result.path("path").asText(null);
                    if (path != null && result.path("version").isNumber()) {
                        versions.put(path, result.path("version").asLong());
                    }
                    if (path != null && result.path("currentVersion").isNumber()) {
                        versions.put(path, result.path("currentVersion").asLong());
                    }
                    if (result.has("passed")) {
                        testsPassed = result.path("ok").asBoolean();
                    }
                }
                default -> {
                }
            }
        }
        Matcher taskId = TASK.matcher(task);
        Matcher suite = SUITE.matcher(system);
        if (!taskId.find() || !suite.find()) {
            throw new IllegalStateException("no task or suite in the conversation");
        }
        if (Boolean.TRUE.equals(testsPassed)) {
            calls.add(call("complete_task", "{\"task_id\": \"" + taskId.group(1) + "\"}"));
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> files = solution(suite.group(1), taskId.group(1)).fields();
        while (files.hasNext()) {
            var file = files.next();
            ObjectNode args = JSON.createObjectNode().put("path", file.getKey())
                    .put("content", file.getValue().asText());
            Long base = versions.get(file.getKey());
            if (base != null) {
                args.put("base_version", base);
            }
            calls.add(call("write_file", args.toString()));
        }
        calls.add(call("run_tests", "{}"));
    }

    /**
     * The reference solution, read from the coordinator's built-in suites in the source tree: the
     * coordinator serves solutions only to agents of simulated runs, and this stub plays a real model. A
     * suite {@code <project>-<level>} is that level of the project's directory, the others a directory.
     */
    private JsonNode solution(String suite, String task) {
        java.nio.file.Path suites = java.nio.file.Path.of("..", "coordinator-service", "src", "main", "resources",
                "suites");
        int dash = suite.lastIndexOf('-');
        io.troupe.protocol.suite.Suite loaded = java.nio.file.Files.isDirectory(suites.resolve(suite))
                ? io.troupe.protocol.suite.SuiteLoader.fromDirectory(suites.resolve(suite))
                : io.troupe.protocol.suite.SuiteVariants.fromDirectory(suites, suite.substring(0, dash),
                        suite.substring(dash + 1));
        return JSON.valueToTree(loaded.solutions().get(task));
    }

    private static JsonNode parse(String content) {
        try {
            return JSON.readTree(content);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private ObjectNode call(String name, String arguments) {
        ObjectNode call = JSON.createObjectNode().put("id", "call_" + ids.incrementAndGet()).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", arguments);
        return call;
    }

    static List<String> roles(JsonNode body) {
        List<String> roles = new ArrayList<>();
        body.path("messages").forEach(m -> roles.add(m.path("role").asText()));
        return roles;
    }
}
