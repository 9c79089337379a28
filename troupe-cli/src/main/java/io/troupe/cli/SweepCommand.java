package io.troupe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.troupe.cli.paper.PaperCells;
import io.troupe.cli.paper.PaperComparison;
import io.troupe.cli.paper.PaperReference;
import io.troupe.protocol.experiment.ExperimentSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Starts the local stack (or uses a running deployment), runs every cell of a sweep, prints the
 * table and stops everything.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run suites x architectures x team sizes x repetitions with simulated agents and print, "
                + "per cell, median and IQR of makespan and speedup beside the task graph's real limit and Amdahl's "
                + "prediction, tokens and conflicts.")
public class SweepCommand implements Callable<Integer> {
    static final List<String> DEFAULT_SUITES = List.of("numlib-p09", "numlib-p05", "numlib-p02");
    /** The calibrated profiles, one per model the paper logged; {@code --paper} runs each. */
    static final List<String> PAPER_MODELS = List.of("claude-sonnet-4-6", "gemini-3-flash", "gpt-5.2");
    /** The paper's repetitions per cell. */
    static final int PAPER_REPS = 5;
    /**
     * Three repetitions a cell: the table and the report show their median and interquartile range, and the
     * n = 1 baseline is the median of three runs, so one disturbed run moves neither.
     */
    static final int DEFAULT_REPS = 3;
    /** Agent workers one local agent service may host (threads, not partitions: every topic is keyed by run). */
    static final int MAX_WORKERS = 32;
    /** Most repetitions of a cell. */
    static final int MAX_REPS = 50;

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Small and fast: suite tiny, preassigned, n = 1, 2, 3, constant "
            + "100 ms turns.")
    boolean quick;

    @Option(names = "--paper", description = "The paper's grid: numlib-p09/p05/p02 x preassigned, decentralized x "
            + "n = 1..5 x the three calibrated profiles x 5 repetitions, then each cell beside the paper's logged "
            + "runs (--reference) with bands and the paper's findings.")
    boolean paper;

    @Option(names = "--reference", description = "With --paper: the folder of the paper's runs.parquet (default: "
            + "TROUPE_REFERENCE, else shared/reference in this folder or one above it).")
    Path reference;

    @Option(names = {"--suite", "--suites"}, split = ",",
            description = "Suite ids (default: numlib-p09,numlib-p05,numlib-p02; --quick: tiny).")
    List<String> suites;

    @Option(names = {"--architecture", "--architectures"}, split = ",",
            description = "Architectures (default: preassigned,decentralized,queue; --quick: preassigned).")
    List<String> architectures;

    @Option(names = "--execution", description = "How each team takes its turns: event-driven (default) or rounds "
            + "(one turn per member per round, as the paper's runs; architectures preassigned and decentralized; "
            + "--paper: rounds).")
    String execution;

    /** The execution asked for: --execution, else rounds for --paper (the paper's runs), else the default. */
    private String execution() {
        return execution != null ? execution : paper ? "rounds" : null;
    }

    @Option(names = "--agents", split = ",", description = "Team sizes (default: 1,2,3,4,5; --quick: 1,2,3).")
    List<Integer> agents;

    @Option(names = "--reps", description = "Repetitions per cell, each with its own seed (default: "
            + DEFAULT_REPS + "; --quick: 1).")
    Integer reps;

    @Option(names = "--seeds", split = ",", description = "The simulated models' seed of each repetition, the same "
            + "in every cell (default: 1, 2, ... one per repetition); two equal seeds run a cell twice the same way.")
    List<Long> seeds;

    @Option(names = "--model", description = "Simulated model: simulated-constant, or a calibrated profile "
            + "(claude-sonnet-4-6, gemini-3-flash, gpt-5.2; default: claude-sonnet-4-6; --quick: simulated-constant).")
    String model;

    @Option(names = "--latency-ms", description = "simulated-constant's turn latency in ms (default 100).")
    Long latencyMillis;


    @Option(names = "--workers", description = "Agent workers of the local stack (default: enough for the runs "
            + "at once of the largest team, at most " + MAX_WORKERS + ").")
    Integer workers;

    @Option(names = "--parallel", description = "Most runs at once (default: the machine's cores + 1 for a local "
            + "stack; against a deployment: 1). Each run at once is one stream of real work on the machine.")
    Integer parallel;

    @Option(names = "--no-warm-up", description = "Start measuring at once, on services whose code is not "
            + "compiled yet (their first runs are slower).")
    boolean noWarmUp;

    @Option(names = "--run-timeout", defaultValue = "PT10M", description = "Longest wait for one run (ISO-8601).")
    Duration runTimeout;

    @Option(names = "--run-dir", description = "Directory for logs and data (default: .troupe/runs/sweep-<time>).")
    Path runDir;

    @Option(names = "--coordinator", description = "Drive a running deployment at this coordinator URL instead of "
            + "starting a local stack (needs --metrics).")
    String coordinatorUrl;

    @Option(names = "--metrics", description = "With --coordinator: the deployment's metrics service URL.")
    String metricsUrl;

    @Option(names = "--workspace", description = "With --coordinator: the workspace URL, to run the final tests "
            + "(optional).")
    String workspaceUrl;

    @Option(names = "--bind", defaultValue = LocalStack.LOOPBACK, description = "Address the local stack's "
            + "services listen on (default: ${DEFAULT-VALUE}, this host only).")
    String bind;

    @Option(names = "--token-file", description = "With --coordinator: a file holding the operator's bearer token "
            + "(default: the environment variable " + TOKEN_ENV + ").")
    Path tokenFile;

    /** The environment variable a remote sweep reads the operator's token from. */
    static final String TOKEN_ENV = "TROUPE_TOKEN";

    private final String sweepId = "sweep-" + LocalDateTime.now().format(
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    /** The experiment the runs go to: the sweep's id, with the model's name when a sweep runs several. */
    private String experiment = sweepId;
    private String description = "";
    private List<SweepRow> rows;

    SweepPlan plan() {
        return new SweepPlan(
                suites != null ? suites : quick ? List.of("tiny") : DEFAULT_SUITES,
                architectures != null ? architectures : quick ? List.of("preassigned")
                        : paper ? List.of("preassigned", "decentralized")
                        : List.of("preassigned", "decentralized", "queue"),
                agents != null ? agents : quick ? List.of(1, 2, 3) : List.of(1, 2, 3, 4, 5),
                seeds != null ? seeds : SweepPlan.seeds(1, reps != null ? reps
                        : quick ? 1 : paper ? PAPER_REPS : DEFAULT_REPS),
                models().getFirst(), latencyMillis != null ? latencyMillis : 100);
    }

    /** The models swept, each over the whole plan: --model, else the paper's three with --paper, else one. */
    List<String> models() {
        if (model != null) {
            return List.of(model);
        }
        return quick ? List.of("simulated-constant") : paper ? PAPER_MODELS : List.of("claude-sonnet-4-6");
    }

    /** The runs of the last sweep this command ran (null before one finished): the bench reads them. */
    List<SweepRow> rows() {
        return rows;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SweepPlan plan = plan();
        if (plan.sizes().isEmpty() || plan.sizes().stream().anyMatch(n -> n < 1 || n > LocalStack.PARTITIONS)) {
            err.println("--agents: each team size must be between 1 and " + LocalStack.PARTITIONS);
            return 2;
        }
        if (reps != null && (reps < 1 || reps > MAX_REPS) || seeds != null && (seeds.isEmpty()
                || seeds.size() > MAX_REPS)) {
            err.println("--reps (or the number of --seeds) must be between 1 and " + MAX_REPS);
            return 2;
        }
        if (reps != null && seeds != null && reps != seeds.size()) {
            err.println("--reps " + reps + " and " + seeds.size() + " --seeds disagree: give one of them");
            return 2;
        }
        if (workers != null && (workers < plan.largestTeam() || workers > MAX_WORKERS)) {
            err.println("--workers must be between " + plan.largestTeam() + " (the largest run's agents) and "
                    + MAX_WORKERS);
            return 2;
        }
        if (parallel != null && parallel < 1) {
            err.println("--parallel must be at least 1");
            return 2;
        }
        if (coordinatorUrl != null) {
            return remote(plan, out, err);
        }
        Path dir = RunDirectory.resolve(runDir, "sweep");
        out.println("Troupe sweep: logs and data in " + dir);
        out.flush();
        // A sweep's runs are simulated and keep time on their own clocks: nothing sleeps, nothing is scaled.
        double scale = 1.0;
        AtomicReference<LocalStack> stack = new AtomicReference<>();
        try (var shutdown = new StackShutdown(() -> {
            if (stack.get() != null) {
                stack.get().close();
            }
        })) {
            int runsAtOnce = parallel != null ? parallel : localRunsAtOnce();
            int stackWorkers = workers != null ? workers : plan.workersFor(runsAtOnce);
            // Every agent of a sweep is simulated and writes the suites' reference solutions: code that
            // ships with Troupe (or that the user uploaded), not a model's. So the sweep, and only it, turns on
            // the workspace's explicit trusted mode: its test runs need no bubblewrap and run on the warm
            // pytest fork server (~4x cheaper). `troupe up` keeps the sandbox.
            stack.set(LocalStack.start(dir, StackPorts.anyFree(), stackWorkers, scale,
                    LocalStack.TestSandbox.TRUSTED, bind));
            var client = new TroupeClient(stack.get().coordinatorUrl(), stack.get().workspaceUrl(),
                    stack.get().metricsUrl(), stack.get().credentials().operatorToken());
            client.awaitIdleAgents(stackWorkers, Duration.ofSeconds(60));
            if (!noWarmUp) {
                warmUp(client, plan, stackWorkers, out);
            }
            // What bounds the sweep's duration is CPU per task: measured over the runs, per process of the stack.
            Map<String, Long> pids = stack.get().pids();
            Map<String, Duration> cpuBefore = ProcessCpu.snapshot(pids);
            String loadBefore = BenchCommand.loadAverage();
            long begin = System.nanoTime();
            Map<String, List<SweepRow>> byModel = runModels(client, plan, scale, stackWorkers, runsAtOnce, out);
            List<SweepRow> rows = byModel.values().stream().flatMap(List::stream).toList();
            String cpu = ProcessCpu.perTask(ProcessCpu.between(cpuBefore, ProcessCpu.snapshot(pids)),
                    rows.stream().filter(r -> r.run().completed() && r.run().taskCount() != null)
                            .mapToLong(r -> r.run().taskCount()).sum(), Duration.ofNanos(System.nanoTime() - begin));
            int code = report(byModel, dir, out);
            out.print(cpu);
            // Figures of one run on a shared machine mean little without its load.
            out.println("load average: before the runs " + loadBefore + ", after them " + BenchCommand.loadAverage());
            out.flush();
            return code;
        } catch (RuntimeException e) {
            err.println("troupe sweep failed: " + e.getMessage());
            err.println("logs: " + dir.resolve("logs"));
            return 1;
        } finally {
            if (stack.get() != null) {
                stack.get().close();
            }
        }
    }

    /**
     * Runs at once on a local stack by default: one more than the cores. On its own clock a run is a stream of
     * real work (see {@link CellScheduler}) that waits on HTTP, Kafka and the database part of the time, so one
     * stream more than the cores keeps them busy, while each run's real parts stay about as costly at every
     * team size and close to what they cost a run alone ({@code troupe bench fidelity} measures both).
     */
    static int localRunsAtOnce() {
        return Runtime.getRuntime().availableProcessors() + 1;
    }

    /**
     * Runs the suite {@code tiny} once per architecture of the plan, side by side, before the sweep,
     * in an experiment of its own that the table and report leave out. Why: the services' JVMs have
     * compiled none of their code at start; measured, a task in the first ten seconds of a sweep took
     * twice as long as later, which made the first runs (the n = 1 ones, which start first) slower
     * and every speedup larger than it is.
     */
    private void warmUp(TroupeClient client, SweepPlan plan, int stackWorkers, PrintWriter out) {
        out.println("warming up the services (suite tiny once per architecture; not measured)...");
        out.flush();
        int n = Math.max(1, Math.min(2, stackWorkers / (plan.architectures().size() + 1)));
        List<String> runs = plan.architectures().stream()
                .map(architecture -> client.createRun("tiny", architecture, n, "simulated-constant", 20, 1,
                        "warm-up-" + experiment).path("id").asText())
                .toList();
        runs.forEach(runId -> client.awaitRun(runId, Duration.ofSeconds(120)));
    }

    /** The operator's token of a remote sweep: {@code --token-file}, else {@value #TOKEN_ENV}; null if neither. */
    private String operatorToken(PrintWriter err) {
        return operatorToken(tokenFile, err);
    }

    /** The operator's token for a deployment: {@code tokenFile}, else {@value #TOKEN_ENV}; null if neither. */
    static String operatorToken(Path tokenFile, PrintWriter err) {
        try {
            if (tokenFile != null) {
                return java.nio.file.Files.readString(tokenFile).strip();
            }
        } catch (java.io.IOException e) {
            throw new TroupeClient.ClientException("cannot read the token file " + tokenFile + ": " + e.getMessage());
        }
        String token = System.getenv(TOKEN_ENV);
        if (token == null || token.isBlank()) {
            err.println("no operator token: set " + TOKEN_ENV
                    + " or pass --token-file; the deployment will answer 401");
            return null;
        }
        return token.strip();
    }

    /** Runs the sweep against a deployment that is already running (for example on Kubernetes). */
    private int remote(SweepPlan plan, PrintWriter out, PrintWriter err) {
        if (metricsUrl == null) {
            err.println("--coordinator needs --metrics too: the table's figures come from the metrics service");
            return 2;
        }
        out.println("Troupe sweep against " + coordinatorUrl);
        try {
            var client = new TroupeClient(coordinatorUrl, workspaceUrl, metricsUrl, operatorToken(err));
            Path dir = RunDirectory.resolve(runDir, "sweep");
            // The deployment's agents may be serving others: one run at a time unless told otherwise, and
            // then within the agents the coordinator says it has.
            int runs = parallel != null ? parallel : 1;
            int agentWorkers = runs == 1 ? plan.largestTeam() : Math.max(plan.largestTeam(), client.agentCapacity());
            return report(runModels(client, plan, Double.NaN, agentWorkers, runs, out), dir, out);
        } catch (RuntimeException e) {
            err.println("troupe sweep failed: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Prints the table of cells, its legend and the checks, and writes the report. The exit code says whether
     * every run completed and passed its final tests; a cell above the real limit is flagged in all three.
     */
    private int report(Map<String, List<SweepRow>> byModel, Path dir, PrintWriter out) {
        this.rows = byModel.values().stream().flatMap(List::stream).toList();
        int code = 0;
        for (Map.Entry<String, List<SweepRow>> e : byModel.entrySet()) {
            String name = byModel.size() == 1 ? "report.html" : "report-" + e.getKey() + ".html";
            if (byModel.size() > 1) {
                out.println();
                out.println("model " + e.getKey() + ":");
            }
            code = Math.max(code, report(experimentOf(e.getKey(), byModel.size()), e.getValue(), dir.resolve(name),
                    out));
        }
        if (paper) {
            comparePaper(byModel, dir, out);
        }
        return code;
    }

    /**
     * Prints each cell beside the paper's (see {@link PaperComparison}) and writes the same to {@code paper.txt}.
     * A comparison that fails is a finding about the simulated agents, printed, not an error of the sweep.
     */
    private void comparePaper(Map<String, List<SweepRow>> byModel, Path dir, PrintWriter out) {
        List<PaperComparison.SweptRun> swept = new ArrayList<>();
        byModel.forEach((name, modelRows) -> modelRows.forEach(r -> swept.add(new PaperComparison.SweptRun(name,
                r.suite(), r.architecture(), r.agents(), r.run().makespanSeconds(),
                r.run().inputTokens() + r.run().outputTokens(), r.run().concurrentWrites(), r.succeeded()))));
        String text;
        try {
            Path folder = PaperReference.folder(reference);
            text = "the paper's logs: " + folder + System.lineSeparator() + PaperComparison.render(PaperComparison
                    .compare(PaperCells.of(PaperReference.runs(folder)), PaperCells.of(PaperComparison.fromSweep(
                            swept))));
        } catch (RuntimeException e) {
            text = "paper comparison not made: " + e.getMessage() + System.lineSeparator();
        }
        out.println();
        out.print(text);
        try {
            java.nio.file.Files.writeString(dir.resolve("paper.txt"), text);
        } catch (java.io.IOException e) {
            out.println("cannot write " + dir.resolve("paper.txt") + ": " + e.getMessage());
        }
        out.flush();
    }

    private String experimentOf(String modelName, int models) {
        return models == 1 ? sweepId : sweepId + "-" + modelName;
    }

    /** Runs the plan once per model (see {@link #models()}), each as an experiment of its own. */
    private Map<String, List<SweepRow>> runModels(TroupeClient client, SweepPlan plan, double scale, int agentWorkers,
                                                  int maxRuns, PrintWriter out) {
        List<String> names = models();
        Map<String, List<SweepRow>> byModel = new LinkedHashMap<>();
        for (String name : names) {
            experiment = experimentOf(name, names.size());
            byModel.put(name, runAll(client, plan.withModel(name), scale, agentWorkers, maxRuns, out));
        }
        return byModel;
    }

    private int report(String experimentId, List<SweepRow> rows, Path file, PrintWriter out) {
        ExperimentSummary summary = SweepTable.summarize(experimentId, rows);
        out.println();
        out.print(SweepTable.render(summary));
        out.println();
        out.print(SweepTable.LEGEND);
        out.print(SweepTable.checks(summary, rows));
        Path report = SweepReport.write(file, description, summary, rows);
        out.println("report: " + report);
        out.flush();
        return rows.stream().allMatch(SweepRow::succeeded) ? 0 : 1;
    }

    private List<SweepRow> runAll(TroupeClient client, SweepPlan plan, double scale, int agentWorkers, int maxRuns,
                                  PrintWriter out) {
        for (String suite : plan.suites()) {
            JsonNode s = client.suite(suite);
            out.printf(Locale.ROOT, "suite %s: %d tasks, critical path %d, p = %.2f%n", suite,
                    s.path("tasks").size(), s.path("criticalPath").size(), s.path("parallelFraction").asDouble());
        }
        description = String.format(Locale.ROOT, "suites %s; architectures %s; n = %s; %d repetition(s); model %s%s%s",
                String.join(", ", plan.suites()), String.join(", ", plan.architectures()), plan.sizes(), plan.reps(),
                plan.model(),
                "simulated-constant".equals(plan.model()) ? ", " + plan.latencyMillis() + " ms per turn" : "",
                "; simulated time on each run's own clock" + (execution() == null ? "" : "; " + execution()));
        description += "; seeds " + plan.seeds().stream().map(String::valueOf).collect(Collectors.joining(", "));
        out.println(description + "; " + plan.cells().size() + " runs, side by side on " + agentWorkers
                + " agent workers" + (maxRuns < Integer.MAX_VALUE ? ", at most " + maxRuns + " at once" : ""));
        Progress progress = new Progress(out, plan.cells().size());
        var scheduler = new CellScheduler<SweepPlan.Cell, SweepRow>(agentWorkers, maxRuns, SweepPlan::workersOf);
        List<SweepRow> rows = scheduler.runAll(plan.cells(),
                (cell, workersFree) -> run(client, plan, cell, workersFree),
                row -> progress.runFinished(String.format(Locale.ROOT, "%s %s n=%d seed %d: %s in %.2f s%s",
                        row.suite(), row.architecture(), row.agents(), row.seed(), row.status(), row.makespanSeconds(),
                        row.testsTotal() == SweepRow.NOT_TESTED ? ""
                                : ", final tests " + row.testsPassed() + "/" + row.testsTotal())));
        out.println("experiment " + experiment + ": summary at " + client.metricsUrl() + "/api/experiments/"
                + experiment + "/summary");
        return rows;
    }

    /**
     * One cell: creates its run and waits for it (its agents are then free for the next cell), then
     * for its metrics and its critical path, and runs the final tests.
     */
    private SweepRow run(TroupeClient client, SweepPlan plan, SweepPlan.Cell cell, Runnable workersFree) {
        String runId = client.createRun(cell.suite(), cell.architecture(), cell.agents(), plan.model(),
                plan.latencyMillis(), cell.seed(), experiment, execution()).path("id").asText();
        JsonNode run = client.awaitRun(runId, runTimeout);
        workersFree.run();
        JsonNode m = client.awaitMetrics(runId, Duration.ofSeconds(60));
        int passed = SweepRow.NOT_TESTED;
        int total = SweepRow.NOT_TESTED;
        if (client.hasWorkspace()) {
            JsonNode tests = client.runAllTests(runId);
            passed = tests.path("passed").asInt();
            total = passed + tests.path("failed").asInt() + tests.path("errors").asInt();
        }
        return new SweepRow(RunViews.sample(runId, cell, run, m, client.criticalPath(runId)), cell.seed(), passed,
                total, RunViews.assignments(run));
    }
}
