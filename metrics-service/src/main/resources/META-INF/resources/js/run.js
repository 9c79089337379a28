// A run's page: the Gantt of agents × time from the run's events, its metrics and its board.
import {chart, el, fmt, getJson, naturalCompare, param, showError, usd} from './common.js';

const T = 'io.troupe.';
const runId = param('id');

/** Task spans per agent, incidents and the board, folded from the run's events in time order. */
export function fold(events) {
    const at = e => Date.parse(e.event.at);
    const started = events.find(e => e.type === T + 'run-started');
    const finished = events.find(e => e.type === T + 'run-finished');
    const t0 = started ? at(started) : Math.min(...events.map(at));
    const end = finished ? at(finished) : Math.max(...events.map(at));
    const sec = ms => (ms - t0) / 1000;
    const agents = new Set();
    const open = new Map(); // task + agent -> claim time
    const spans = [];
    const marks = {conflict: [], overwrite: [], expiry: []};
    const board = new Map();
    const task = id => {
        if (!board.has(id)) board.set(id, {task: id, state: 'PENDING', agent: null, claimed: null, done: null, lost: 0});
        return board.get(id);
    };
    for (const e of events) {
        const ev = e.event;
        if (ev.agentId) agents.add(ev.agentId);
        switch (e.type) {
            case T + 'task-ready':
                task(ev.taskId).state = 'READY';
                break;
            case T + 'task-claimed':
                open.set(`${ev.taskId}\u0000${ev.agentId}`, at(e));
                Object.assign(task(ev.taskId), {state: 'CLAIMED', agent: ev.agentId, claimed: sec(at(e))});
                break;
            case T + 'task-done': {
                const key = `${ev.taskId}\u0000${ev.agentId}`;
                if (open.has(key)) {
                    spans.push({agent: ev.agentId, task: ev.taskId, from: sec(open.get(key)), to: sec(at(e)), kind: 'done'});
                    open.delete(key);
                }
                Object.assign(task(ev.taskId), {state: 'DONE', agent: ev.agentId, done: sec(at(e))});
                break;
            }
            case T + 'task-lease-expired': {
                const key = `${ev.taskId}\u0000${ev.agentId}`;
                if (open.has(key)) {
                    spans.push({agent: ev.agentId, task: ev.taskId, from: sec(open.get(key)), to: sec(at(e)), kind: 'lost'});
                    open.delete(key);
                }
                marks.expiry.push({x: sec(at(e)), y: ev.agentId, label: `lease of ${ev.taskId} expired`});
                const t = task(ev.taskId);
                t.lost += 1;
                t.state = 'READY';
                break;
            }
            case T + 'task-failed':
                task(ev.taskId).state = 'FAILED';
                break;
            case T + 'write-conflict':
                marks.conflict.push({x: sec(at(e)), y: ev.agentId, label: `write conflict on ${ev.path} (head by ${ev.headAuthor})`});
                break;
            case T + 'file-overwritten':
                marks.overwrite.push({x: sec(at(e)), y: ev.agentId,
                    label: `overwrote ${ev.path} of ${ev.overwrittenAuthor} (${ev.destroyedChars} chars lost)`});
                break;
            default:
                break;
        }
    }
    for (const [key, from] of open) {
        const [taskId, agent] = key.split('\u0000');
        spans.push({agent, task: taskId, from: sec(from), to: sec(end), kind: 'open'});
    }
    return {
        agents: [...agents].sort(naturalCompare), spans, marks, makespan: sec(end),
        board: [...board.values()].sort((a, b) => naturalCompare(a.task, b.task)),
    };
}

function gantt(canvas, folded, path) {
    const rows = folded.agents.length;
    canvas.parentElement.style.height = `${Math.max(220, 70 + rows * 42)}px`;
    const bars = (kind, label, color) => ({
        type: 'bar', label, backgroundColor: color, borderColor: '#ffffff', borderWidth: 1, borderSkipped: false,
        grouped: false, barPercentage: 0.7, categoryPercentage: 1,
        data: folded.spans.filter(s => s.kind === kind).map(s => ({x: [s.from, s.to], y: s.agent, task: s.task})),
    });
    const points = (list, label, style, color) => ({
        type: 'scatter', label, pointStyle: style, pointRadius: 8, pointHoverRadius: 10, borderWidth: 2,
        borderColor: color, backgroundColor: color, data: list,
    });
    return chart(canvas, {
        type: 'bar',
        data: {
            labels: folded.agents,
            datasets: [
                points(folded.marks.conflict, 'write conflict', 'crossRot', '#D55E00'),
                points(folded.marks.overwrite, 'overwrite', 'rectRot', '#CC79A7'),
                points(folded.marks.expiry, 'lease expired', 'triangle', '#000000'),
                criticalBars(path),
                bars('done', 'task (claimed → done)', '#0072B2'),
                bars('lost', 'task (lease lost)', '#9aa3b2'),
                bars('open', 'task (open at the end)', '#E69F00'),
            ],
        },
        options: {
            indexAxis: 'y',
            scales: {
                x: {type: 'linear', min: 0, suggestedMax: folded.makespan, title: {display: true, text: 'seconds since the run started'}},
                y: {type: 'category', labels: folded.agents, title: {display: true, text: 'agent'}},
            },
            plugins: {
                legend: {position: 'bottom'},
                tooltip: {
                    callbacks: {
                        label(ctx) {
                            const d = ctx.raw;
                            if (d.critical) return `critical path: ${d.task} (waited for ${d.waitedFor})`;
                            if (Array.isArray(d.x)) return `${d.task}: ${fmt(d.x[0], 1)}–${fmt(d.x[1], 1)} s`;
                            return `${d.label} at ${fmt(d.x, 1)} s`;
                        },
                    },
                },
            },
        },
    });
}

/** The critical path's tasks as outlined bars drawn over the Gantt's task bars. */
function criticalBars(path) {
    return {
        type: 'bar', label: 'critical path', backgroundColor: 'rgba(213, 94, 0, 0.18)', borderColor: '#D55E00',
        borderWidth: 3, borderSkipped: false, grouped: false, barPercentage: 0.9, categoryPercentage: 1,
        data: (path ? path.chain : []).map(s => ({
            x: [s.claimedAt, s.doneAt], y: s.agentId, task: s.taskId, waitedFor: s.waitedFor, critical: true,
        })),
    };
}

const PARTS = [
    ['llmSeconds', 'LLM calls'], ['toolSeconds', 'tools and tests'], ['queueWaitSeconds', 'queue wait'],
    ['dependencyWaitSeconds', 'dependency wait'], ['conflictRetrySeconds', 'conflict retries'],
    ['coordinationSeconds', 'coordination'], ['otherSeconds', 'other (lost leases, unexplained)'],
];

/** What a step of the chain waited for last, in words. */
function waited(step) {
    const after = step.after ? ` ${step.after}` : '';
    switch (step.waitedFor) {
        case 'START': return 'started with the run';
        case 'DEPENDENCY': return `waited for its dependency${after}`;
        case 'AGENT': return `waited for its agent to finish${after}`;
        case 'QUEUE': return `waited in the queue${step.after ? ` (after ${step.after})` : ''}`;
        default: return step.waitedFor;
    }
}

/** The chain, the split of the makespan, where it departs from the DAG, and the trace link. */
function criticalPathView(path) {
    if (!path) return el('p', {class: 'muted'}, 'No critical path yet.');
    const chain = path.chain.length === 0 ? el('p', {class: 'muted'}, 'No task has been completed yet.')
        : el('ol', {id: 'critical-chain'}, path.chain.map(s => el('li', {},
            `${s.taskId} on ${s.agentId}, ${fmt(s.claimedAt, 1)}–${fmt(s.doneAt, 1)} s, ${waited(s)}`)));
    const total = path.makespanSeconds || 0;
    const split = el('table', {class: 'kv', id: 'critical-breakdown'}, el('tbody', {}, PARTS.map(([key, label]) =>
        el('tr', {}, el('td', {}, label), el('td', {class: 'num'}, `${fmt(path.breakdown[key], 2)} s`),
            el('td', {class: 'num'}, total > 0 ? `${Math.round(100 * path.breakdown[key] / total)} %` : '–')))));
    const dag = path.dagCriticalPath.length === 0 ? null : el('p', {}, `DAG's critical path: ${path.dagCriticalPath.join(' → ')}; `,
        path.matchesDag ? 'the observed chain is a critical chain of the DAG.' : 'the observed chain differs.');
    const notes = path.differences.length === 0 ? null
        : el('ul', {id: 'critical-differences'}, path.differences.map(d => el('li', {}, d)));
    const trace = path.traceUrl ? el('p', {}, el('a', {id: 'trace-link', href: path.traceUrl, target: '_blank',
        rel: 'noopener'}, `Open trace ${path.traceId} in Jaeger`))
        : path.traceId ? el('p', {class: 'muted'}, `Trace ${path.traceId} (set troupe.metrics.jaeger-url to link it).`)
            : null;
    return el('div', {}, chain, dag, notes, split, trace);
}

const LABELS = [
    ['experimentId', 'experiment'], ['suite', 'suite'], ['architecture', 'architecture'], ['agents', 'agents'],
    ['status', 'status'], ['makespanSeconds', 'makespan (s)'], ['speedup', 'speedup vs n = 1'],
    ['speedupLimit', 'limit of the task graph, N / max(CP, ⌈N/n⌉)'],
    ['taskTimeSpeedupLimit', 'limit of its task times (work / bound)'],
    ['amdahlBound', 'Amdahl (the paper\'s prediction, not a limit)'], ['workSeconds', 'work: sum of task times (s)'],
    ['makespanLowerBoundSeconds', 'makespan lower bound from task times (s)'],
    ['efficiency', 'efficiency (bound / makespan)'], ['parallelFraction', 'parallel fraction p'], ['taskCount', 'tasks'],
    ['tasksDone', 'tasks done'], ['criticalPath', 'critical path (tasks)'], ['turns', 'LLM turns'],
    ['inputTokens', 'input tokens'], ['outputTokens', 'output tokens'], ['tokenMultiplier', 'token multiplier vs n = 1'],
    ['estimatedCostUsd', 'estimated cost (list prices)'], ['stragglerGapSeconds', 'straggler gap (s)'],
    ['messages', 'inter-agent messages'], ['filesWritten', 'files written'], ['rewrites', 'rewrites'],
    ['writeConflicts', 'write conflicts'], ['overwrites', 'overwrites'],
    ['destroyedChars', 'characters destroyed'], ['concurrentWrites', 'concurrent writes'],
    ['paperConcurrentWrites', 'concurrent writes (paper)'], ['crossAgentRewrites', 'cross-agent rewrites'],
    ['testRuns', 'test runs'], ['testRunsFailed', 'test runs failed'], ['claimConflicts', 'claim conflicts'],
    ['blockedClaims', 'blocked claims'], ['staleLeases', 'stale leases'], ['leaseExpiries', 'lease expiries'],
    ['retriedTasks', 'retried tasks'], ['tasksFailed', 'failed tasks'],
];

function metricsTable(m) {
    return el('table', {class: 'kv', id: 'metrics-table'}, el('tbody', {}, LABELS.map(([key, label]) =>
        el('tr', {}, el('td', {}, label),
            el('td', {class: 'num'}, key === 'estimatedCostUsd' ? usd(m[key]) : fmt(m[key]))))));
}

function agentsTable(m) {
    const ids = Object.keys(m.perAgent || {}).sort(naturalCompare);
    if (ids.length === 0) return el('p', {class: 'muted'}, 'No agent has acted yet.');
    const head = el('tr', {}, el('th', {}, 'agent'), ['turns', 'input tok', 'output tok', 'tasks done',
        'busy s', 'idle', 'tests failed'].map(h => el('th', {class: 'num'}, h)));
    return el('table', {id: 'agents-table'}, el('thead', {}, head), el('tbody', {}, ids.map(id => {
        const a = m.perAgent[id];
        return el('tr', {}, el('td', {}, id), [a.turns, a.inputTokens, a.outputTokens, a.tasksDone,
            fmt(a.busySeconds, 1), a.idleFraction === null ? '–' : `${Math.round(a.idleFraction * 100)} %`,
            a.testRunsFailed].map(v => el('td', {class: 'num'}, fmt(v))));
    })));
}

function boardTable(board) {
    if (board.length === 0) return el('p', {class: 'muted'}, 'No board event seen.');
    const head = el('tr', {}, ['task', 'state', 'agent'].map(h => el('th', {}, h)),
        ['claimed at s', 'done at s', 'leases lost'].map(h => el('th', {class: 'num'}, h)));
    return el('table', {id: 'board-table'}, el('thead', {}, head), el('tbody', {}, board.map(t =>
        el('tr', {}, el('td', {}, t.task), el('td', {}, t.state), el('td', {}, t.agent || '–'),
            [fmt(t.claimed, 1), fmt(t.done, 1), t.lost].map(v => el('td', {class: 'num'}, fmt(v)))))));
}

async function load() {
    const box = document.getElementById('gantt-box');
    if (!runId) {
        showError(box, new Error('This page needs a run id: /run.html?id=<run id> (the runs list links to it).'));
        return;
    }
    document.getElementById('title').textContent = `Run ${runId}`;
    try {
        const [metrics, events, path] = await Promise.all([
            getJson(`/api/runs/${encodeURIComponent(runId)}/metrics`),
            getJson(`/api/exports/events.json?run=${encodeURIComponent(runId)}`),
            // The page still shows the rest when the critical path cannot be had.
            getJson(`/api/runs/${encodeURIComponent(runId)}/critical-path`).catch(() => null),
        ]);
        const status = document.getElementById('status');
        status.textContent = metrics.status;
        status.className = `status-${metrics.status}`;
        if (metrics.experimentId) {
            const link = document.getElementById('experiment-link');
            link.href = `/experiment.html?id=${encodeURIComponent(metrics.experimentId)}`;
            link.textContent = `Experiment ${metrics.experimentId}`;
            link.hidden = false;
        }
        document.getElementById('metrics').replaceChildren(metricsTable(metrics));
        document.getElementById('agents').replaceChildren(agentsTable(metrics));
        const folded = fold(events);
        document.getElementById('board').replaceChildren(boardTable(folded.board));
        box.dataset.agents = folded.agents.join(' ');
        document.getElementById('critical-path').replaceChildren(criticalPathView(path));
        gantt(document.getElementById('gantt'), folded, path);
    } catch (e) {
        showError(box, e);
    }
}

load();
