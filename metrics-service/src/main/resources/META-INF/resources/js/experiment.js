// An experiment's page: the research's charts from GET /api/experiments/{id}/summary.
import {chart, el, fmt, getJson, PALETTE, param, showError, stat, usd, whiskersPlugin} from './common.js';

const experimentId = param('id');

const series = cell => `${cell.suite} · ${cell.architecture}`;
const median = s => (s && s.count > 0 ? s.median : null);

/** Cells grouped by suite and architecture, each group ordered by team size. */
function bySeries(cells) {
    const groups = new Map();
    for (const cell of cells) {
        if (!groups.has(series(cell))) groups.set(series(cell), []);
        groups.get(series(cell)).push(cell);
    }
    for (const group of groups.values()) group.sort((a, b) => a.agents - b.agents);
    return groups;
}

/** The marker of a cell above its task graph's real limit, in the chart's points and the table. */
const ABOVE = '▲';

/**
 * Speedup (median, IQR whiskers) per suite and architecture, with the reference lines the summary
 * computed: each suite's unit-task limit N / max(CP, ⌈N/n⌉), the real limit of each series' task times, and
 * Amdahl's law, which is the paper's prediction and not a limit. The page computes no formula.
 */
function speedupChart(cells) {
    const maxN = Math.max(1, ...cells.map(c => c.agents));
    const datasets = [];
    let colour = 0;
    for (const [name, group] of bySeries(cells)) {
        const colourOf = PALETTE[colour % PALETTE.length];
        const measured = group.filter(c => c.speedup);
        datasets.push({
            label: name, borderColor: colourOf, backgroundColor: colourOf,
            data: measured.map(c => ({x: c.agents, y: c.speedup.median})),
            whiskers: measured.map(c => ({x: c.agents, q1: c.speedup.q1, q3: c.speedup.q3})),
            pointStyle: measured.map(c => (c.aboveLimit ? 'triangle' : 'circle')),
            pointRadius: measured.map(c => (c.aboveLimit ? 8 : 4)),
        });
        const timed = group.filter(c => c.taskTimeSpeedupLimit);
        datasets.push({
            label: `${name}: limit of its task times`, borderColor: colourOf, backgroundColor: colourOf,
            data: timed.map(c => ({x: c.agents, y: c.taskTimeSpeedupLimit.median})),
            showLine: false, pointStyle: 'dash', pointRadius: 9,
        });
        colour++;
    }
    for (const [suite, group] of bySuite(cells)) {
        const p = group[0].parallelFraction;
        datasets.push({label: `limit ${suite}: N / max(CP, ⌈N/n⌉)`, data: group.filter(c => c.speedupLimit)
            .map(c => ({x: c.agents, y: c.speedupLimit})), borderColor: '#222', borderWidth: 2, pointRadius: 0});
        datasets.push({label: `Amdahl ${suite} (p = ${fmt(p)}): the paper's prediction, not a limit`,
            data: group.filter(c => c.amdahlPrediction).map(c => ({x: c.agents, y: c.amdahlPrediction})),
            borderDash: [6, 4], borderColor: '#7a8294', borderWidth: 1.5, pointRadius: 0});
    }
    return chart(document.getElementById('speedup'), {
        type: 'line',
        data: {datasets},
        plugins: [whiskersPlugin],
        options: {
            scales: {
                x: {type: 'linear', min: 1, max: maxN, ticks: {stepSize: 1}, title: {display: true, text: 'agents (n)'}},
                // Every whisker and reference line inside the axis (Chart.js scales to the points only).
                y: {min: 0, suggestedMax: 1.05 * Math.max(1, ...cells.flatMap(c => [c.speedup ? c.speedup.q3 : 0,
                    c.speedupLimit || 0, c.taskTimeSpeedupLimit ? c.taskTimeSpeedupLimit.median : 0])),
                    title: {display: true, text: 'speedup (median, IQR)'}},
            },
            plugins: {legend: {position: 'bottom'}},
        },
    });
}

/** One entry per suite and team size (the reference lines depend on nothing else), ordered by team size. */
function bySuite(cells) {
    const suites = new Map();
    for (const cell of cells) {
        if (!suites.has(cell.suite)) suites.set(cell.suite, new Map());
        suites.get(cell.suite).set(cell.agents, cell);
    }
    return new Map([...suites].map(([suite, byN]) => [suite, [...byN.values()].sort((a, b) => a.agents - b.agents)]));
}

function conflictsChart(cells) {
    const architectures = [...new Set(cells.map(c => c.architecture))].sort();
    const kinds = [['writeConflicts', 'write conflicts'], ['overwrites', 'overwrites'],
        ['claimConflicts', 'claim conflicts'], ['blockedClaims', 'blocked claims']];
    // A run-weighted mean over the architecture's cells.
    const perRun = (architecture, key) => {
        const mine = cells.filter(c => c.architecture === architecture && c[key] && c[key].count > 0);
        const runs = mine.reduce((sum, c) => sum + c[key].count, 0);
        return runs === 0 ? 0 : mine.reduce((sum, c) => sum + c[key].mean * c[key].count, 0) / runs;
    };
    return chart(document.getElementById('conflicts'), {
        type: 'bar',
        data: {
            labels: architectures,
            datasets: kinds.map(([key, label], i) => ({
                label, backgroundColor: PALETTE[i], data: architectures.map(a => perRun(a, key)),
            })),
        },
        options: {
            scales: {y: {beginAtZero: true, title: {display: true, text: 'per run'}}},
            plugins: {legend: {position: 'bottom'}},
        },
    });
}

function stragglerChart(cells) {
    const datasets = [];
    let colour = 0;
    for (const [name, group] of bySeries(cells)) {
        datasets.push({
            label: name, borderColor: PALETTE[colour % PALETTE.length], backgroundColor: PALETTE[colour % PALETTE.length],
            data: group.filter(c => median(c.stragglerGapSeconds) !== null)
                .map(c => ({x: c.agents, y: c.stragglerGapSeconds.median})),
            pointRadius: 4,
        });
        colour++;
    }
    return chart(document.getElementById('straggler'), {
        type: 'line',
        data: {datasets},
        options: {
            scales: {
                x: {type: 'linear', ticks: {stepSize: 1}, title: {display: true, text: 'agents (n)'}},
                y: {beginAtZero: true, title: {display: true, text: 'seconds'}},
            },
            plugins: {legend: {position: 'bottom'}},
        },
    });
}

function cellsTable(cells) {
    const head = el('tr', {}, ['suite', 'architecture'].map(h => el('th', {}, h)),
        ['n', 'runs', 'completed', 'makespan s', 'speedup', 'limit', 'task-time limit', 'Amdahl (prediction)',
            'token ×', 'speedup / token ×', 'cost', 'cost per speedup', 'straggler s', 'write conflicts']
            .map(h => el('th', {class: 'num'}, h)));
    const rows = cells.map(c => {
        const cost = c.estimatedCostUsd ? c.estimatedCostUsd.median : null;
        const speedup = c.speedup ? c.speedup.median : null;
        return el('tr', {class: c.aboveLimit ? 'above-limit' : null},
            el('td', {}, c.suite), el('td', {}, c.architecture),
            [fmt(c.agents), fmt(c.runs), fmt(c.completed), stat(c.makespanSeconds, 1),
                (c.aboveLimit ? `${ABOVE} ` : '') + stat(c.speedup), fmt(c.speedupLimit), stat(c.taskTimeSpeedupLimit),
                fmt(c.amdahlPrediction), fmt(c.tokenMultiplier), fmt(c.speedupPerTokenMultiplier),
                cost === null ? '–' : usd(cost), cost === null || !speedup ? '–' : usd(cost / speedup),
                stat(c.stragglerGapSeconds), stat(c.writeConflicts)]
                .map(v => el('td', {class: 'num'}, v)));
    });
    return el('table', {id: 'cells-table'}, el('thead', {}, head), el('tbody', {}, rows));
}

/** The legend of the table's marker and, when any cell is above its limit, how many. */
function limitCheck(summary) {
    const legend = el('p', {class: 'muted'}, `${ABOVE} marks a cell whose median speedup is more than 5 % above the `
        + 'real limit of its runs\' task times, T1 / max(critical path of the task times, T1 / n): physically '
        + 'impossible, so a defect of the measurement, not a result.');
    const count = el('p', {id: 'limit-check', class: summary.cellsAboveLimit > 0 ? 'above-limit' : 'muted'},
        `${summary.cellsAboveLimit} of ${summary.cells.length} cells above the real limit (must be 0).`);
    return el('div', {}, count, legend);
}

async function load() {
    const error = document.getElementById('error');
    if (!experimentId) {
        showError(error, new Error('This page needs an experiment id: /experiment.html?id=<experiment id>.'));
        return;
    }
    document.getElementById('title').textContent = `Experiment ${experimentId}`;
    document.getElementById('runs-link').href = `/?experiment=${encodeURIComponent(experimentId)}`;
    try {
        const summary = await getJson(`/api/experiments/${encodeURIComponent(experimentId)}/summary`);
        document.getElementById('counts').textContent =
            `${summary.finishedRuns} of ${summary.runs} runs finished, ${summary.cells.length} cells`;
        document.getElementById('cells').replaceChildren(cellsTable(summary.cells), limitCheck(summary));
        speedupChart(summary.cells);
        conflictsChart(summary.cells);
        stragglerChart(summary.cells);
    } catch (e) {
        showError(error, e);
    }
}

load();
