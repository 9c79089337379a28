package io.troupe.workspace.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import io.troupe.support.security.AuthConfig;
import io.troupe.workspace.config.WorkspaceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The team of a run, as the coordinator ({@code troupe.coordinator-url}) stored it: the workspace
 * is created before the run recruits its team, so it asks when an agent first writes, as the
 * service identity. A run's team does not change, so the answer is kept.
 */
@ApplicationScoped
public class CoordinatorTeams implements RunTeams {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int MAX_CACHED = 10_000;

    private final String coordinatorUrl;
    private final String token;
    private final ObjectMapper json;
    private final Map<String, List<String>> teams = new ConcurrentHashMap<>();

    public CoordinatorTeams(WorkspaceConfig config, AuthConfig auth, ObjectMapper json) {
        this.coordinatorUrl = config.coordinatorUrl().replaceAll("/+$", "");
        this.token = auth.serviceToken().orElse("");
        this.json = json;
    }

    @Override
    public boolean onTeam(String runId, String agent) {
        return team(runId).contains(agent);
    }

    /** The run's team; a 503 problem if the coordinator cannot say. */
    List<String> team(String runId) {
        List<String> known = teams.get(runId);
        if (known != null) {
            return known;
        }
        List<String> team = ask(runId);
        if (!team.isEmpty()) {
            if (teams.size() >= MAX_CACHED) {
                teams.clear();
            }
            teams.put(runId, team);
        }
        return team;
    }

    private List<String> ask(String runId) {
        URI uri = URI.create(coordinatorUrl + "/api/runs/" + URLEncoder.encode(runId, StandardCharsets.UTF_8)
                .replace("+", "%20"));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return List.of();
            }
            if (response.statusCode() != 200) {
                throw unavailable(runId, "it answered " + response.statusCode());
            }
            List<String> team = new ArrayList<>();
            for (JsonNode member : json.readTree(response.body()).path("team")) {
                team.add(member.asText());
            }
            return List.copyOf(team);
        } catch (IOException e) {
            throw unavailable(runId, "it cannot be reached (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(runId, "the question was interrupted");
        }
    }

    private ProblemException unavailable(String runId, String why) {
        return new ProblemException(ProblemType.TEAM_UNKNOWN, "the workspace could not learn the team of run "
                + runId + " from the coordinator at " + coordinatorUrl + " (troupe.coordinator-url): " + why
                + "; retry when the coordinator is up", Map.of("runId", runId));
    }
}
