// An experiment's page: the research's charts from GET /api/experiments/{id}/summary.
import {chart, el, fmt, getJson, PALETTE, param, showError, stat, usd} from './common.js';

const experimentId = param('id');

const series = cell => `${cell.suite} · ${cell.architecture}`;
const mean = s => (s && s.count > 0 ? s.mean : null);

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

function speedupChart(cells) {
    const maxN = Math.max(1, ...cells.map(c => c.agents));
    const datasets = [];
    let colour = 0;
    for (const [name, group] of bySeries(cells)) {
        datasets.push({
            label: name, borderColor: PALETTE[colour % PALETTE.length], backgroundColor: PALETTE[colour % PALETTE.length],
            data: group.filter(c => c.speedup).map(c => ({x: c.agents, y: c.speedup.mean})), pointRadius: 4,
        });
        colour++;
    }
    const suites = new Map(cells.filter(c => c.parallelFraction !== null && c.parallelFraction !== undefined)
        .map(c => [c.suite, c.parallelFraction]));
    for (const [suite, p] of suites) {
        const data = [];
        for (let n = 1; n <= maxN; n += 0.25) data.push({x: n, y: 1 / ((1 - p) + p / n)});
        datasets.push({label: `Amdahl ${suite} (p = ${fmt(p)})`, data, borderDash: [6, 4], borderColor: '#7a8294',
            borderWidth: 1.5, pointRadius: 0});
    }
    return chart(document.getElementById('speedup'), {
        type: 'line',
        data: {datasets},
        options: {
            scales: {
                x: {type: 'linear', min: 1, max: maxN, ticks: {stepSize: 1}, title: {display: true, text: 'agents (n)'}},
                y: {min: 0, title: {display: true, text: 'speedup'}},
            },
            plugins: {legend: {position: 'bottom'}},
        },
    });
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
            data: group.filter(c => mean(c.stragglerGapSeconds) !== null)
                .map(c => ({x: c.agents, y: c.stragglerGapSeconds.mean})),
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
        ['n', 'runs', 'completed', 'makespan s', 'speedup', 'Amdahl', 'token ×', 'speedup / token ×',
            'cost', 'cost per speedup', 'straggler s', 'write conflicts'].map(h => el('th', {class: 'num'}, h)));
    const rows = cells.map(c => {
        const cost = mean(c.estimatedCostUsd);
        const speedup = mean(c.speedup);
        return el('tr', {},
            el('td', {}, c.suite), el('td', {}, c.architecture),
            [fmt(c.agents), fmt(c.runs), fmt(c.completed), stat(c.makespanSeconds, 1), stat(c.speedup),
                fmt(c.amdahlBound), fmt(c.tokenMultiplier), fmt(c.speedupPerTokenMultiplier),
                cost === null ? '–' : usd(cost), cost === null || !speedup ? '–' : usd(cost / speedup),
                stat(c.stragglerGapSeconds), stat(c.writeConflicts)]
                .map(v => el('td', {class: 'num'}, v)));
    });
    return el('table', {id: 'cells-table'}, el('thead', {}, head), el('tbody', {}, rows));
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
        document.getElementById('cells').replaceChildren(cellsTable(summary.cells));
        speedupChart(summary.cells);
        conflictsChart(summary.cells);
        stragglerChart(summary.cells);
    } catch (e) {
        showError(error, e);
    }
}

load();
