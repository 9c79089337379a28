package io.troupe.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Starts the local stack and keeps it running until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start Kafka and the four services locally and keep them running until Ctrl-C.")
public class UpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--coordinator-port", defaultValue = "8081", description = "Default: ${DEFAULT-VALUE}.")
    int coordinatorPort;

    @Option(names = "--workspace-port", defaultValue = "8082", description = "Default: ${DEFAULT-VALUE}.")
    int workspacePort;

    @Option(names = "--agent-port", defaultValue = "8083", description = "Default: ${DEFAULT-VALUE}.")
    int agentPort;

    @Option(names = "--metrics-port", defaultValue = "8084", description = "Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    @Option(names = "--agents", defaultValue = "4",
            description = "Agent workers (default: ${DEFAULT-VALUE}; a lead run of n agents needs n + 1).")
    int agents;

    @Option(names = "--time-scale", defaultValue = "1.0",
            description = "Multiplies every simulated latency of runs on the wall clock, the ones a RunSpec asks to "
                    + "watch in real time with 'timeScale' or 'clock': 'wall' (default: ${DEFAULT-VALUE}); a simulated "
                    + "run keeps its own clock otherwise, which is never scaled.")
    double timeScale;

    @Option(names = "--run-dir", description = "Directory for logs and data (default: .troupe/runs/up-<time>).")
    Path runDir;

    @Option(names = "--bind", defaultValue = LocalStack.LOOPBACK, description = "Address the services listen on "
            + "(default: ${DEFAULT-VALUE}, this host only; 0.0.0.0 for every interface, then anyone who can reach "
            + "this host needs a token, and the tokens travel unencrypted).")
    String bind;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        StackPorts wanted = new StackPorts(kafkaPort, coordinatorPort, workspacePort, agentPort, metricsPort);
        StackPorts ports = wanted.orFree();
        if (!ports.equals(wanted)) {
            out.println("some default ports are taken; using " + ports);
        }
        Path dir = RunDirectory.resolve(runDir, "up");
        out.println("Troupe: logs and data in " + dir);
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        LocalStack[] stack = new LocalStack[1];
        try (var shutdown = new StackShutdown(() -> {
            if (stack[0] != null) {
                stack[0].close();
            }
            stopped.countDown();
        })) {
            stack[0] = LocalStack.start(dir, ports, agents, timeScale, LocalStack.TestSandbox.DEFAULT, bind);
            out.printf("%-12s %s%n", "kafka", stack[0].kafkaBootstrap());
            for (Map.Entry<String, io.troupe.devstack.ServiceProcess> s : stack[0].services().entrySet()) {
                out.printf("%-12s %s%n", s.getKey().replace("-service", ""), s.getValue().url());
            }
            out.println("credentials  " + dir.resolve(StackCredentials.FILE) + " (0600; "
                    + "export TROUPE_TOKEN=<troupe.auth.operator-token> for API calls, open the metrics UI once as "
                    + "<metrics url>/?token=<troupe.auth.viewer-token>)");
            out.println("Troupe is up; Ctrl-C stops it.");
            out.flush();
            stopped.await();
            return 0;
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("troupe up failed: " + e.getMessage());
            if (stack[0] != null) {
                stack[0].close();
            }
            return 1;
        }
    }
}
