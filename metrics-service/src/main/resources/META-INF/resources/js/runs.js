// The runs list: every run the metrics service has seen, filtered in the page.
import {el, fmt, getJson, showError, usd} from './common.js';

const container = document.getElementById('runs');
const filters = {
    experiment: document.getElementById('f-experiment'),
    suite: document.getElementById('f-suite'),
    architecture: document.getElementById('f-architecture'),
    status: document.getElementById('f-status'),
};
let runs = [];

function fillOptions(select, values) {
    const chosen = select.value;
    select.replaceChildren(el('option', {value: ''}, 'any'),
        ...[...new Set(values.filter(v => v))].sort().map(v => el('option', {value: v}, v)));
    select.value = chosen;
}

function matches(run) {
    const text = filters.experiment.value.trim().toLowerCase();
    return (!text || (run.experimentId || '').toLowerCase().includes(text))
        && (!filters.suite.value || run.suite === filters.suite.value)
        && (!filters.architecture.value || run.architecture === filters.architecture.value)
        && (!filters.status.value || run.status === filters.status.value);
}

function render() {
    const shown = runs.filter(matches);
    document.getElementById('count').textContent = `${shown.length} of ${runs.length} runs`;
    if (shown.length === 0) {
        container.replaceChildren(el('p', {class: 'muted'}, runs.length === 0
            ? 'No run seen yet: start one with POST /api/runs at the coordinator, or ./troupe sweep.'
            : 'No run matches these filters.'));
        return;
    }
    const head = el('tr', {}, ['run', 'experiment', 'suite', 'architecture', 'agents', 'status', 'started']
        .map(h => el('th', {}, h)), ['makespan s', 'speedup', 'limit', 'turns', 'tokens', 'conflicts', 'cost']
        .map(h => el('th', {class: 'num'}, h)));
    const rows = shown.map(r => el('tr', {'data-run': r.runId},
        el('td', {}, el('a', {href: `/run.html?id=${encodeURIComponent(r.runId)}`}, r.runId)),
        el('td', {}, r.experimentId
            ? el('a', {href: `/experiment.html?id=${encodeURIComponent(r.experimentId)}`}, r.experimentId) : '–'),
        el('td', {}, r.suite || '–'),
        el('td', {}, r.architecture || '–'),
        el('td', {class: 'num'}, fmt(r.agents)),
        el('td', {class: `status-${r.status}`}, r.status),
        el('td', {}, r.startedAt ? new Date(r.startedAt).toLocaleString() : '–'),
        el('td', {class: 'num'}, fmt(r.makespanSeconds, 1)),
        el('td', {class: 'num'}, fmt(r.speedup)),
        el('td', {class: 'num'}, fmt(r.speedupLimit)),
        el('td', {class: 'num'}, fmt(r.turns)),
        el('td', {class: 'num'}, fmt(r.inputTokens + r.outputTokens)),
        el('td', {class: 'num'}, fmt(r.writeConflicts + r.overwrites + r.claimConflicts)),
        el('td', {class: 'num'}, usd(r.estimatedCostUsd))));
    container.replaceChildren(el('table', {id: 'runs-table'}, el('thead', {}, head), el('tbody', {}, rows)));
}

async function load() {
    try {
        runs = await getJson('/api/runs/metrics');
        fillOptions(filters.suite, runs.map(r => r.suite));
        fillOptions(filters.architecture, runs.map(r => r.architecture));
        fillOptions(filters.status, runs.map(r => r.status));
        const initial = new URLSearchParams(window.location.search);
        for (const [name, input] of Object.entries(filters)) {
            if (initial.get(name)) input.value = initial.get(name);
        }
        render();
    } catch (e) {
        showError(container, e);
    }
}

for (const input of Object.values(filters)) {
    input.addEventListener('input', render);
    input.addEventListener('change', render);
}
document.getElementById('filters').addEventListener('submit', e => e.preventDefault());
load();
