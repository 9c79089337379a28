package io.troupe.coordinator.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.troupe.protocol.events.AgentEvent;
import io.troupe.protocol.events.InboxMessage;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.events.RunEvent;
import io.troupe.protocol.events.RunEvent.RunFinished;
import io.troupe.protocol.events.RunEvent.RunStarted;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.protocol.events.TaskEvent.TaskClaimBlocked;
import io.troupe.protocol.events.TaskEvent.TaskClaimConflict;
import io.troupe.protocol.events.TaskEvent.TaskClaimed;
import io.troupe.protocol.events.TaskEvent.TaskDone;
import io.troupe.protocol.events.TaskEvent.TaskFailed;
import io.troupe.protocol.events.TaskEvent.TaskLeaseExpired;
import io.troupe.protocol.events.TaskEvent.TaskLeaseStale;
import io.troupe.protocol.events.TaskEvent.TaskReady;
import io.troupe.protocol.events.TroupeEvent;
import io.troupe.protocol.events.WorkspaceEvent;
import io.troupe.support.tracing.TraceNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes each run one trace, driven by the events the coordinator publishes: {@code RunStarted}
 * opens the {@code run} root span (its context is stored with the run), {@code TaskReady} a
 * {@code task} span under it, linked to the task spans of its dependencies, and a
 * {@code queue.wait} span that the claim ends; {@code TaskDone} ends the task span and
 * {@code RunFinished} the run span. Each event is published inside the scope answered by
 * {@link #enter}, so the Kafka record's {@code traceparent} header carries the run's trace to
 * whoever reads it. Spans are held in memory: after a coordinator restart, new task spans still
 * join the run's trace through the stored context, but the lost run span is never ended. With
 * OpenTelemetry off ({@code quarkus.otel.sdk.disabled}, the default) it does nothing.
 */
@ApplicationScoped
public class RunTracing {
    private final Tracer tracer;
    private final RunTraceStore store;
    private final boolean enabled;
    private final Map<String, RunSpans> runs = new ConcurrentHashMap<>();
    /** Stored contexts of runs whose spans this process did not open (started before a restart). */
    private final Map<String, Optional<SpanContext>> restored = new ConcurrentHashMap<>();

    /** The open spans of one run and the contexts of its finished task spans. */
    private static final class RunSpans {
        final String runId;
        final Span run;
        final Map<String, List<String>> dependencies;
        final Map<String, Span> tasks = new ConcurrentHashMap<>();
        final Map<String, SpanContext> finished = new ConcurrentHashMap<>();
        final Map<String, Span> queueWaits = new ConcurrentHashMap<>();

        RunSpans(String runId, Span run, Map<String, List<String>> dependencies) {
            this.runId = runId;
            this.run = run;
            this.dependencies = dependencies;
        }
    }

    @Inject
    public RunTracing(Tracer tracer, RunTraceStore store,
                      @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "true") boolean disabled) {
        this.tracer = tracer;
        this.store = store;
        this.enabled = !disabled;
    }

    /** Tracing on, with {@code tracer}. */
    public RunTracing(Tracer tracer, RunTraceStore store) {
        this(tracer, store, false);
    }

    /**
     * Moves the run's spans on by {@code event} and answers the scope to publish it in: the task's
     * span for task events and assignments, the run's span for run events.
     */
    public Scope enter(TroupeEvent event) {
        if (!enabled) {
            // Nothing to do, and no lookup of stored contexts on every event.
            return Scope.noop();
        }
        Span current = switch (event) {
            case RunEvent run -> onRun(run);
            case TaskEvent task -> onTask(task);
            case InboxMessage message -> switch (message) {
                case Assignment a -> taskSpan(a.runId(), a.task().id());
                // Teammates' messages are sent by the agents, never here.
                case InboxMessage.Message ignored -> null;
            };
            // Published by the agents and the workspace, never here.
            case AgentEvent ignored -> null;
            case WorkspaceEvent ignored -> null;
        };
        return current == null || !current.getSpanContext().isValid() ? Scope.noop()
                : Context.current().with(current).makeCurrent();
    }

    /** The context under which spans of {@code taskId} join the run's trace: its task span, else the run's. */
    public Optional<SpanContext> contextOf(String runId, String taskId) {
        RunSpans spans = runs.get(runId);
        if (spans != null && taskId != null) {
            Span open = spans.tasks.get(taskId);
            if (open != null) {
                return Optional.of(open.getSpanContext());
            }
            if (spans.finished.containsKey(taskId)) {
                return Optional.of(spans.finished.get(taskId));
            }
        }
        return runContext(runId);
    }

    private Span onRun(RunEvent event) {
        return switch (event) {
            case RunStarted s -> {
                Span run = tracer.spanBuilder(TraceNames.RUN).setNoParent().setStartTimestamp(s.at())
                        .setAttribute(TraceNames.RUN_ID, s.runId())
                        .setAttribute(TraceNames.SUITE, s.suiteId())
                        .setAttribute(TraceNames.ARCHITECTURE, s.architecture())
                        .setAttribute(TraceNames.AGENTS, s.agents())
                        .setAttribute(TraceNames.GEN_AI_REQUEST_MODEL, s.model())
                        .startSpan();
                if (run.getSpanContext().isValid()) {
                    runs.put(s.runId(), new RunSpans(s.runId(), run, s.dependencies()));
                    store.save(s.runId(), run.getSpanContext());
                }
                yield run;
            }
            case RunFinished f -> {
                Optional<SpanContext> stored = restored.remove(f.runId());
                RunSpans spans = runs.remove(f.runId());
                if (spans == null) {
                    yield (stored != null ? stored : store.find(f.runId())).map(Span::wrap).orElse(null);
                }
                spans.queueWaits.values().forEach(s -> s.end(f.at()));
                spans.tasks.values().forEach(s -> s.end(f.at()));
                spans.run.setAttribute(TraceNames.RUN_STATUS, f.status());
                if (!"COMPLETED".equals(f.status())) {
                    spans.run.setStatus(StatusCode.ERROR, "run " + f.status());
                }
                spans.run.end(f.at());
                yield spans.run;
            }
        };
    }

    private Span onTask(TaskEvent event) {
        RunSpans spans = runs.get(event.runId());
        switch (event) {
            case TaskReady r -> {
                Span task = spans == null ? null : spans.tasks.get(r.taskId());
                if (task == null) {
                    task = startTask(spans, r);
                }
                if (spans != null && !spans.queueWaits.containsKey(r.taskId())) {
                    startQueueWait(spans, task, r.taskId(), r.at());
                }
                return task;
            }
            case TaskClaimed c -> {
                endQueueWait(spans, c.taskId(), c.agentId(), c.at());
                Span task = taskSpan(c.runId(), c.taskId());
                if (task != null) {
                    task.setAttribute(TraceNames.AGENT_ID, c.agentId());
                }
                return task;
            }
            case TaskDone d -> {
                Span task = spans == null ? null : spans.tasks.remove(d.taskId());
                if (task != null) {
                    endQueueWait(spans, d.taskId(), d.agentId(), d.at());
                    task.setAttribute(TraceNames.AGENT_ID, d.agentId());
                    task.end(d.at());
                    spans.finished.put(d.taskId(), task.getSpanContext());
                }
                return task;
            }
            case TaskLeaseExpired e -> {
                Span task = taskSpan(e.runId(), e.taskId());
                if (task != null) {
                    task.addEvent("lease expired: " + e.agentId());
                    startQueueWait(spans, task, e.taskId(), e.at());
                }
                return task;
            }
            case TaskFailed f -> {
                Span task = spans == null ? null : spans.tasks.remove(f.taskId());
                if (task != null) {
                    endQueueWait(spans, f.taskId(), null, f.at());
                    task.setStatus(StatusCode.ERROR, f.reason());
                    task.end(f.at());
                }
                return task;
            }
            case TaskClaimBlocked b -> {
                return taskSpan(b.runId(), b.taskId());
            }
            case TaskClaimConflict c -> {
                return taskSpan(c.runId(), c.taskId());
            }
            case TaskLeaseStale s -> {
                return taskSpan(s.runId(), s.taskId());
            }
        }
    }

    private Span startTask(RunSpans spans, TaskReady ready) {
        Optional<SpanContext> parent = spans != null ? Optional.of(spans.run.getSpanContext())
                : runContext(ready.runId());
        if (parent.isEmpty()) {
            return null;
        }
        SpanBuilder builder = tracer.spanBuilder(TraceNames.TASK)
                .setParent(Context.root().with(Span.wrap(parent.get())))
                .setStartTimestamp(ready.at())
                .setAttribute(TraceNames.RUN_ID, ready.runId())
                .setAttribute(TraceNames.TASK_ID, ready.taskId());
        if (spans != null) {
            // Dependencies are DONE before a task is READY: link to their finished task spans.
            for (String dependency : spans.dependencies.getOrDefault(ready.taskId(), List.of())) {
                SpanContext done = spans.finished.get(dependency);
                if (done != null) {
                    builder.addLink(done);
                }
            }
        }
        Span task = builder.startSpan();
        if (spans != null) {
            spans.tasks.put(ready.taskId(), task);
        }
        return task;
    }

    private void startQueueWait(RunSpans spans, Span task, String taskId, Instant at) {
        if (spans == null || task == null) {
            return;
        }
        spans.queueWaits.put(taskId, tracer.spanBuilder(TraceNames.QUEUE_WAIT)
                .setParent(Context.root().with(task))
                .setStartTimestamp(at)
                .setAttribute(TraceNames.RUN_ID, spans.runId)
                .setAttribute(TraceNames.TASK_ID, taskId)
                .startSpan());
    }

    private void endQueueWait(RunSpans spans, String taskId, String agentId, Instant at) {
        Span wait = spans == null ? null : spans.queueWaits.remove(taskId);
        if (wait != null) {
            if (agentId != null) {
                wait.setAttribute(TraceNames.AGENT_ID, agentId);
            }
            wait.end(at);
        }
    }

    private Span taskSpan(String runId, String taskId) {
        RunSpans spans = runs.get(runId);
        if (spans == null) {
            return runContext(runId).map(Span::wrap).orElse(null);
        }
        Span task = spans.tasks.get(taskId);
        return task != null ? task : spans.run;
    }

    private Optional<SpanContext> runContext(String runId) {
        RunSpans spans = runs.get(runId);
        return spans != null ? Optional.of(spans.run.getSpanContext())
                : restored.computeIfAbsent(runId, store::find);
    }
}
