package io.troupe.agent.clients;

import java.util.Map;

/** What an agent asks of the coordinator. */
public interface CoordinatorClient {

    /** The reference solution of a suite's task: path to content. */
    Map<String, String> solution(String suiteId, String taskId);

    /** Marks the task DONE on behalf of {@code agentId}, which must own it. */
    void complete(String runId, String taskId, String agentId);
}
