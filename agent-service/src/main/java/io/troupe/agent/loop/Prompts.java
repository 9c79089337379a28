package io.troupe.agent.loop;

import io.troupe.agent.clients.WorkspaceClient.TestRunResult;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.suite.TaskSpec;
import java.util.Map;

/** The text an agent sends its model: what it would send a real LLM. */
final class Prompts {
    private static final int MAX_TEST_OUTPUT = 4_000;

    private Prompts() {
    }

    static String task(String agentId, Assignment assignment, Map<String, String> dependencyFiles) {
        TaskSpec task = assignment.task();
        StringBuilder text = new StringBuilder()
                .append("You are ").append(agentId).append(", one agent of a team building the project '")
                .append(assignment.suiteId()).append("'. Other agents work on other tasks in the same workspace.\n\n")
                .append("Your task: ").append(task.id()).append(" - ").append(task.title()).append('\n')
                .append(task.description() == null ? "" : task.description().strip()).append("\n\n")
                .append("Write these files: ").append(String.join(", ", task.files())).append('\n')
                .append("They must pass: ").append(String.join(", ", task.tests())).append('\n')
                .append("Tools: read_file(path), write_file(path, base_version, content), run_tests(paths), "
                        + "complete_task(task).\n");
        if (!dependencyFiles.isEmpty()) {
            text.append("\nFiles written for the tasks yours depends on:\n");
            dependencyFiles.forEach((path, content) -> text.append("--- ").append(path).append(" ---\n")
                    .append(content).append(content.endsWith("\n") ? "" : "\n"));
        }
        return text.toString();
    }

    static String review(String previousPrompt, String previousReply, TestRunResult result) {
        StringBuilder text = new StringBuilder(previousPrompt).append("\nassistant:\n").append(previousReply)
                .append("\nrun_tests result: ");
        if (result == null) {
            text.append("the task has no tests.\n");
        } else {
            String output = result.output() == null ? "" : result.output();
            if (output.length() > MAX_TEST_OUTPUT) {
                output = output.substring(output.length() - MAX_TEST_OUTPUT);
            }
            text.append(result.passed()).append(" passed, ").append(result.failed()).append(" failed, ")
                    .append(result.errors()).append(" errors, exit code ").append(result.exitCode())
                    .append(result.timedOut() ? ", timed out" : "").append('\n').append(output).append('\n');
        }
        return text.append("Decide: fix the files or complete the task.\n").toString();
    }
}
