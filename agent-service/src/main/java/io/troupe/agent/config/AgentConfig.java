package io.troupe.agent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The agent service's configuration (prefix {@code troupe}). */
@ConfigMapping(prefix = "troupe")
public interface AgentConfig {

    /** The workers this process hosts. */
    Agent agent();

    /** Base URL of the coordinator (reference solutions, task completion). */
    @WithName("coordinator-url")
    @WithDefault("http://localhost:8081")
    String coordinatorUrl();

    /** Base URL of the workspace service (files and test runs). */
    @WithName("workspace-url")
    @WithDefault("http://localhost:8082")
    String workspaceUrl();

    /** Provider {@code openai}: any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, Ollama, llama.cpp). */
    Provider openai();

    /** Provider {@code anthropic}. */
    Provider anthropic();

    /** Provider {@code gemini} (Google AI). */
    Provider gemini();

    /** Provider {@code ollama} (its native API). */
    Provider ollama();

    interface Agent {
        /** How many workers (agents) this process hosts: {@code <id-prefix>1} to {@code <id-prefix>W}. */
        @WithDefault("3")
        int workers();

        /**
         * How long an agent event or message waits for the broker's acknowledgement before it counts as
         * not delivered (see {@code io.troupe.support.outbox.BoundedSend}).
         */
        @WithDefault("10s")
        Duration publishTimeout();

        /**
         * The pod's name on Kubernetes ({@code TROUPE_AGENT_POD_NAME}, e.g. {@code troupe-agent-2}): the
         * process then hosts one worker whose id is the prefix and the pod's ordinal + 1 ({@code agent-3}).
         */
        @WithName("pod-name")
        Optional<String> podName();

        /** Prefix of the workers' agent ids. */
        @WithName("id-prefix")
        @WithDefault("agent-")
        String idPrefix();

        /** Multiplies every simulated latency; below 1 a sweep runs faster than real models would. */
        @WithName("time-scale")
        @WithDefault("1.0")
        double timeScale();

        /** LLM calls an agent may make on one task; at the budget it gives the task up. */
        @WithName("turn-budget")
        @WithDefault("12")
        int turnBudget();

        /** Tokens of context an agent sends per call; older tool results are elided to stay within it. */
        @WithName("context-tokens")
        @WithDefault("32000")
        int contextTokens();

        /** The simulated model's faults and seed. */
        Simulation simulation();

        /** Calls to real LLM providers. */
        Llm llm();

        /** Keeping the leases of claimed tasks. */
        LeaseSettings lease();

        /** Taking READY tasks of {@code queue} runs from {@code troupe.tasks-ready}. */
        Queue queue();

        /** Picking READY tasks of {@code decentralized} runs from their boards. */
        Board board();
    }

    interface LeaseSettings {
        /** Leases are renewed at a third of their remaining time, but not more often than this. */
        @WithName("min-renew-interval")
        @WithDefault("100ms")
        Duration minRenewInterval();

        /** How soon a renewal that failed (the coordinator unreachable) is tried again. */
        @WithName("retry-interval")
        @WithDefault("1s")
        Duration retryInterval();
    }

    interface Queue {
        /** Whether idle workers take tasks of queue runs. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Prefix of the share groups on {@code troupe.tasks-ready}: the agents of queue run R consume
         * in group {@code <prefix>-R}.
         */
        @WithDefault("troupe-agents")
        String group();

        /** How long one poll of the share group waits for a record. */
        @WithName("poll-timeout")
        @WithDefault("500ms")
        Duration pollTimeout();

        /** How long a worker beyond a run's team size waits after handing one of its tasks back. */
        @WithName("release-backoff")
        @WithDefault("1s")
        Duration releaseBackoff();
    }

    interface Board {
        /** Whether idle workers pick tasks of decentralized runs. */
        @WithDefault("true")
        boolean enabled();

        /**
         * How long an idle worker of a running decentralized run waits, at most, before it reads the
         * board again without having been told of a change (it is woken at once by a {@code TaskReady}
         * or {@code TaskLeaseExpired} of its run on {@code troupe.task-events}).
         */
        @WithName("poll-interval")
        @WithDefault("1s")
        Duration pollInterval();
    }

    interface Simulation {
        /** Seed of the simulated models; each run, agent and task draws from a stream derived from it. */
        @WithDefault("1")
        long seed();

        /** Chance that a write turn writes a broken solution (its tests fail; the agent fixes it later). */
        @WithName("wrong-code-probability")
        @WithDefault("0")
        double wrongCodeProbability();

        /** Chance that a turn stalls: takes {@code stall-factor} times its latency. */
        @WithName("stall-probability")
        @WithDefault("0")
        double stallProbability();

        /** How many times longer a stalled turn takes. */
        @WithName("stall-factor")
        @WithDefault("10")
        double stallFactor();

        /** Chance that a turn crashes the agent's work on its task (the task stays CLAIMED). */
        @WithName("crash-probability")
        @WithDefault("0")
        double crashProbability();

        /** In decentralized runs, chance that an idle agent first tries to claim a task that is not READY yet. */
        @WithName("premature-claim-probability")
        @WithDefault("0")
        double prematureClaimProbability();

        /** Latency factor per agent id, for stragglers: {@code troupe.agent.simulation.slowdown.agent-2=5}. */
        Map<String, Double> slowdown();
    }

    interface Llm {
        /** Time limit of one LLM call. */
        @WithDefault("120s")
        Duration timeout();

        /** Retries of a call that failed with 429, 5xx or a timeout (LangChain4j's exponential backoff). */
        @WithName("max-retries")
        @WithDefault("3")
        int maxRetries();
    }

    interface Provider {
        /** Base URL of the provider's API; the provider's public endpoint if not set. */
        @WithName("base-url")
        Optional<String> baseUrl();

        /** A file holding the API key (e.g. a mounted secret); else the environment variable is used. */
        @WithName("api-key-file")
        Optional<String> apiKeyFile();
    }
}
