package io.troupe.protocol.events;

import io.troupe.protocol.ClockKind;
import io.troupe.protocol.Execution;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one agent behaves in one run: the run's RunSpec ({@code profile}, {@code seed},
 * {@code timeScale}, {@code limits.maxTurns}, {@code limits.maxTokens}) with the agent's override
 * applied (the entry of {@code overrides} whose {@code agent} is its index, 0 for agent-1). Every
 * field may be null: the agent service's own configuration applies then. {@code architecture} and
 * {@code agents} (the team size n: agent-1 … agent-n) tell the agent who its teammates are.
 *
 * @param slowdown                  latency factor of this agent (a straggler at 5)
 * @param wrongCodeProbability      chance that a simulated write turn writes a broken solution
 * @param stallProbability          chance that a simulated turn stalls
 * @param stallFactor               how many times longer a stalled turn takes
 * @param crashProbability          chance that a simulated turn crashes the agent (it takes no more
 *                                  tasks of the run)
 * @param prematureClaimProbability in decentralized runs, chance that an agent first tries to claim a
 *                                  task that is not READY yet
 * @param clock                     how the run keeps time ({@code wall} or {@code run}, see
 *                                  {@link io.troupe.protocol.ClockKind}); null is the wall clock
 * @param execution                 how the team takes turns ({@code event-driven} or {@code rounds}, see
 *                                  {@link Execution}); null is event-driven
 */
public record AgentSettings(String architecture, Integer agents, String profile, Long seed, Double timeScale,
                            Integer maxTurns, Long maxTokens, Double slowdown, Double wrongCodeProbability,
                            Double stallProbability, Double stallFactor, Double crashProbability,
                            Double prematureClaimProbability, String clock, String execution) {

    /** Settings of an event-driven run on {@code clock}. */
    public AgentSettings(String architecture, Integer agents, String profile, Long seed, Double timeScale,
                         Integer maxTurns, Long maxTokens, Double slowdown, Double wrongCodeProbability,
                         Double stallProbability, Double stallFactor, Double crashProbability,
                         Double prematureClaimProbability, String clock) {
        this(architecture, agents, profile, seed, timeScale, maxTurns, maxTokens, slowdown, wrongCodeProbability,
                stallProbability, stallFactor, crashProbability, prematureClaimProbability, clock, null);
    }

    /** Settings of a run on the wall clock. */
    public AgentSettings(String architecture, Integer agents, String profile, Long seed, Double timeScale,
                         Integer maxTurns, Long maxTokens, Double slowdown, Double wrongCodeProbability,
                         Double stallProbability, Double stallFactor, Double crashProbability,
                         Double prematureClaimProbability) {
        this(architecture, agents, profile, seed, timeScale, maxTurns, maxTokens, slowdown, wrongCodeProbability,
                stallProbability, stallFactor, crashProbability, prematureClaimProbability, null, null);
    }

    /** The keys an override may carry besides {@code agent}. */
    public static final Set<String> OVERRIDE_KEYS = Set.of("profile", "seed", "timeScale", "maxTurns", "maxTokens",
            "slowdown", "wrongCodeProbability", "stallProbability", "stallFactor", "crashProbability",
            "prematureClaimProbability");

    /** The largest factor ({@code timeScale}, {@code slowdown}, {@code stallFactor}) a run or override may set. */
    public static final double MAX_FACTOR = 100;
    /** The most turns ({@code maxTurns}) and tokens ({@code maxTokens}) per agent a run or override may set. */
    public static final int MAX_TURNS = 10_000;
    public static final long MAX_TOKENS = 100_000_000;
    /** The longest profile name. */
    public static final int MAX_PROFILE_LENGTH = 64;

    /** Nothing set: the agent service's configuration applies throughout. */
    public static final AgentSettings NONE = new AgentSettings(null, null, null, null, null, null, null, null, null,
            null, null, null, null);

    /**
     * The settings of the agent with index {@code index} (0 for agent-1) in a run with these
     * run-wide settings and {@code overrides} ({@code [{"agent": 0, "slowdown": 5.0}, ...]}).
     */
    public static AgentSettings of(String architecture, Integer agents, String profile, Long seed, Double timeScale,
                                   Integer maxTurns, Long maxTokens, List<Map<String, Object>> overrides,
                                   int index) {
        return of(architecture, agents, profile, seed, timeScale, maxTurns, maxTokens, overrides, index, null);
    }

    /** As {@link #of(String, Integer, String, Long, Double, Integer, Long, List, int)}, for a run on {@code clock}. */
    public static AgentSettings of(String architecture, Integer agents, String profile, Long seed, Double timeScale,
                                   Integer maxTurns, Long maxTokens, List<Map<String, Object>> overrides,
                                   int index, ClockKind clock) {
        return of(architecture, agents, profile, seed, timeScale, maxTurns, maxTokens, overrides, index, clock,
                null);
    }

    /** As above, for a run whose team takes its turns by {@code execution} (null: event-driven). */
    public static AgentSettings of(String architecture, Integer agents, String profile, Long seed, Double timeScale,
                                   Integer maxTurns, Long maxTokens, List<Map<String, Object>> overrides,
                                   int index, ClockKind clock, Execution execution) {
        Map<String, Object> o = overrides == null ? Map.of() : overrides.stream()
                .filter(m -> m.get("agent") instanceof Number n && n.intValue() == index)
                .reduce(Map.of(), (a, b) -> b);
        return new AgentSettings(architecture, agents, text(o.get("profile"), profile),
                o.get("seed") instanceof Number n ? Long.valueOf(n.longValue()) : seed,
                number(o.get("timeScale"), timeScale),
                o.get("maxTurns") instanceof Number n ? Integer.valueOf(n.intValue()) : maxTurns,
                o.get("maxTokens") instanceof Number n ? Long.valueOf(n.longValue()) : maxTokens,
                number(o.get("slowdown"), null), number(o.get("wrongCodeProbability"), null),
                number(o.get("stallProbability"), null), number(o.get("stallFactor"), null),
                number(o.get("crashProbability"), null), number(o.get("prematureClaimProbability"), null),
                clock == null ? null : clock.wireName(), execution == null ? null : execution.wireName());
    }

    /** Whether every member takes one turn per round, idle or not (see {@link Execution#ROUNDS}). */
    public boolean inRounds() {
        return Execution.byName(execution).orElse(Execution.EVENT_DRIVEN) == Execution.ROUNDS;
    }

    /** Whether the run keeps time on a clock of its own (see {@link ClockKind#RUN}). */
    public boolean onRunClock() {
        return ClockKind.byName(clock).orElse(ClockKind.WALL) == ClockKind.RUN;
    }

    /**
     * What is wrong with {@code override} (unknown keys, a probability outside [0, 1], a factor
     * outside [0, {@value #MAX_FACTOR}], turns or tokens outside their bounds, a fraction where a
     * count belongs), or null if nothing is.
     */
    public static String problemOf(Map<String, Object> override) {
        for (var entry : override.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            if (key.equals("agent")) {
                continue;
            }
            if (!OVERRIDE_KEYS.contains(key)) {
                return "unknown override key '" + key + "'; an override has 'agent' and any of "
                        + String.join(", ", OVERRIDE_KEYS.stream().sorted().toList());
            }
            if (key.equals("profile")) {
                if (!(value instanceof String profile) || profile.length() > MAX_PROFILE_LENGTH) {
                    return "override key 'profile' must be a string of at most " + MAX_PROFILE_LENGTH
                            + " characters, not " + shown(value);
                }
                continue;
            }
            if (!(value instanceof Number n) || n.doubleValue() < 0) {
                return "override key '" + key + "' must be a number not below 0, not " + shown(value);
            }
            if (key.endsWith("Probability") && n.doubleValue() > 1) {
                return "override key '" + key + "' is a probability, between 0 and 1, not " + value;
            }
            boolean count = key.equals("seed") || key.equals("maxTurns") || key.equals("maxTokens");
            boolean integral = value instanceof Integer || value instanceof Long
                    || value instanceof java.math.BigInteger;
            if (count && !integral) {
                return "override key '" + key + "' must be an integer, not " + value;
            }
            double max = switch (key) {
                case "maxTurns" -> MAX_TURNS;
                case "maxTokens" -> MAX_TOKENS;
                case "seed" -> Long.MAX_VALUE;
                case "timeScale", "slowdown", "stallFactor" -> MAX_FACTOR;
                default -> 1;
            };
            if (n.doubleValue() > max || (key.equals("seed") && value instanceof java.math.BigInteger)) {
                return "override key '" + key + "' must be at most " + (max == Long.MAX_VALUE ? "2^63-1"
                        : String.valueOf(max == Math.rint(max) ? (long) max : max)) + ", not " + value;
            }
            if ((key.equals("maxTurns") || key.equals("maxTokens")) && n.longValue() < 1) {
                return "override key '" + key + "' must be at least 1, not " + value;
            }
        }
        return null;
    }

    private static String shown(Object value) {
        String text = String.valueOf(value);
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

    private static String text(Object value, String fallback) {
        return value instanceof String s ? s : fallback;
    }

    private static Double number(Object value, Double fallback) {
        return value instanceof Number n ? Double.valueOf(n.doubleValue()) : fallback;
    }
}
