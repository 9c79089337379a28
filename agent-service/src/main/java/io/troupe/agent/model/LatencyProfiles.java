package io.troupe.agent.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulated model's latency profiles by model name. The measured ones come from the
 * resource {@code calibration/llm-turn-profiles.json}, a copy of the project's
 * {@code shared/calibration/llm-turn-profiles.json}: per-turn latencies of real LLM coding agents
 * from the public run logs of "Language Model Teams as Distributed Systems" (arXiv 2603.12229).
 *
 * <p>Names: {@code simulated-constant} (the run's {@code latencyMillis}); {@code <model>} or
 * {@code <model>/per-file} (the fitted latency model, base + per-file cost x files written + noise, see
 * {@link LatencyProfile.PerFile}; its {@code latency_model} block is regenerated and checked by the test
 * program {@code LatencyFit}); {@code <model>/empirical} (the measured quantiles of all turns, whatever
 * they wrote); {@code <model>/lognormal} (the fitted lognormal), for each measured {@code <model>}.
 */
public final class LatencyProfiles {
    public static final String CONSTANT = "simulated-constant";
    static final String RESOURCE = "calibration/llm-turn-profiles.json";
    private static final String[] QUANTILES = {"p05", "p25", "p50", "p75", "p90", "p95", "p99"};
    /** The quantiles of the latency model's residual, in the resource's {@code residual_quantiles}. */
    static final String[] RESIDUAL_QUANTILES = {"p01", "p05", "p10", "p25", "p50", "p75", "p90", "p95", "p99"};
    static final String PER_FILE = "/per-file";

    private final Map<String, LatencyProfile> measured;

    private LatencyProfiles(Map<String, LatencyProfile> measured) {
        this.measured = measured;
    }

    /** The profiles shipped with the service. */
    public static LatencyProfiles load() {
        try (InputStream in = LatencyProfiles.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the agent service");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static LatencyProfiles parse(JsonNode root) {
        Map<String, LatencyProfile> profiles = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> models = root.path("models").fields();
        while (models.hasNext()) {
            Map.Entry<String, JsonNode> model = models.next();
            JsonNode q = model.getValue().path("latency_quantiles");
            List<Double> ps = new ArrayList<>();
            List<Double> secs = new ArrayList<>();
            for (String name : QUANTILES) {
                if (q.has(name)) {
                    ps.add(Integer.parseInt(name.substring(1)) / 100.0);
                    secs.add(q.get(name).asDouble());
                }
            }
            profiles.put(model.getKey() + "/empirical", new LatencyProfile.Empirical(
                    ps.stream().mapToDouble(Double::doubleValue).toArray(),
                    secs.stream().mapToDouble(Double::doubleValue).toArray()));
            JsonNode ln = model.getValue().path("latency_lognormal");
            profiles.put(model.getKey() + "/lognormal", new LatencyProfile.LogNormal(ln.path("mu").asDouble(),
                    ln.path("sigma").asDouble()));
            JsonNode fit = model.getValue().path("latency_model");
            if (!fit.isMissingNode()) {
                profiles.put(model.getKey() + PER_FILE, perFile(fit));
            }
        }
        return new LatencyProfiles(profiles);
    }

    private static LatencyProfile.PerFile perFile(JsonNode fit) {
        JsonNode q = fit.path("residual_quantiles");
        List<Double> ps = new ArrayList<>();
        List<Double> secs = new ArrayList<>();
        for (String name : RESIDUAL_QUANTILES) {
            if (q.has(name)) {
                ps.add(Integer.parseInt(name.substring(1)) / 100.0);
                secs.add(q.get(name).asDouble());
            }
        }
        return new LatencyProfile.PerFile(fit.path("base_seconds").asDouble(), fit.path("per_file_seconds").asDouble(),
                fit.path("fastest_seconds").asDouble(), ps.stream().mapToDouble(Double::doubleValue).toArray(),
                secs.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * The profile named {@code name}; {@code constantMillis} is used by {@value #CONSTANT}. A bare model name is
     * its fitted latency model where the resource has one, else its measured quantiles.
     */
    public LatencyProfile forName(String name, long constantMillis) {
        if (name == null || name.isBlank() || CONSTANT.equals(name)) {
            return new LatencyProfile.Constant(Math.max(0, constantMillis));
        }
        LatencyProfile profile = name.contains("/") ? measured.get(name)
                : measured.getOrDefault(name + PER_FILE, measured.get(name + "/empirical"));
        if (profile == null) {
            throw new UnsupportedModelException("no simulated model '" + name + "'; use " + String.join(", ",
                    names()));
        }
        return profile;
    }

    /** Every name {@link #forName} knows. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(CONSTANT);
        measured.keySet().forEach(k -> {
            names.add(k);
            if (k.endsWith("/empirical")) {
                names.add(k.substring(0, k.length() - "/empirical".length()));
            }
        });
        return names;
    }
}
