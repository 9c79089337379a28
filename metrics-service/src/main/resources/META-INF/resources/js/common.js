// Shared helpers of the metrics pages. Chart.js is loaded as a classic script (window.Chart).

// Signing in: open any page once with ?token=<viewer token>. The token goes into the cookie the
// services read (troupe_token, this origin only, not readable by other sites' requests) and leaves
// the address bar, so it is not bookmarked or shared with the link.
(function keepToken() {
    const url = new URL(window.location.href);
    const token = url.searchParams.get('token');
    if (token) {
        document.cookie = `troupe_token=${encodeURIComponent(token)}; path=/; SameSite=Strict`;
        url.searchParams.delete('token');
        window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    }
})();

/** GETs JSON; a problem+json answer becomes an Error with its detail. */
export async function getJson(url) {
    const response = await fetch(url, {headers: {Accept: 'application/json'}});
    if (!response.ok) {
        let detail = `${response.status} ${response.statusText} for ${url}`;
        try {
            const problem = await response.json();
            detail = problem.detail || problem.title || detail;
            if (response.status === 401) {
                detail += ' Open this page once as ?token=<your viewer token> to sign in.';
            }
        } catch (ignored) {
            // not JSON: keep the status line
        }
        throw new Error(detail);
    }
    return response.json();
}

export function param(name) {
    return new URLSearchParams(window.location.search).get(name);
}

/** Builds an element; strings among the children become text nodes (never HTML). */
export function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
        if (value === undefined || value === null) continue;
        if (key === 'class') node.className = value;
        else if (key === 'text') node.textContent = value;
        else node.setAttribute(key, value);
    }
    for (const child of children.flat()) {
        if (child === undefined || child === null) continue;
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
}

export function fmt(value, digits = 2) {
    if (value === undefined || value === null || Number.isNaN(value)) return '–';
    if (typeof value !== 'number') return String(value);
    return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

export function usd(value) {
    return value === undefined || value === null ? '–' : `$${value.toFixed(value < 1 ? 4 : 2)}`;
}

/** "median [q1–q3]" of a {count, median, q1, q3, ...} spread (troupe-protocol's Spread). */
export function stat(s, digits = 2) {
    if (!s || s.count === 0) return '–';
    return s.count > 1 ? `${fmt(s.median, digits)} [${fmt(s.q1, digits)}–${fmt(s.q3, digits)}]` : fmt(s.median, digits);
}

/**
 * Draws each dataset's interquartile range as a whisker at its points: a dataset with
 * {whiskers: [{x, q1, q3}]} gets a vertical bar from q1 to q3 at each x.
 */
export const whiskersPlugin = {
    id: 'troupeWhiskers',
    afterDatasetsDraw(chart) {
        const {ctx, scales: {x, y}} = chart;
        chart.data.datasets.forEach((dataset, i) => {
            if (!dataset.whiskers || !chart.isDatasetVisible(i)) return;
            ctx.save();
            ctx.strokeStyle = dataset.borderColor;
            ctx.lineWidth = 1.5;
            for (const w of dataset.whiskers) {
                const px = x.getPixelForValue(w.x);
                const top = y.getPixelForValue(w.q3);
                const bottom = y.getPixelForValue(w.q1);
                ctx.beginPath();
                ctx.moveTo(px, bottom);
                ctx.lineTo(px, top);
                ctx.moveTo(px - 4, bottom);
                ctx.lineTo(px + 4, bottom);
                ctx.moveTo(px - 4, top);
                ctx.lineTo(px + 4, top);
                ctx.stroke();
            }
            ctx.restore();
        });
    },
};

export function showError(container, error) {
    container.replaceChildren(el('p', {class: 'error', role: 'alert'}, String(error.message || error)));
}

/**
 * Marks a chart's container with data-rendered="true" once Chart.js has drawn it, so that a
 * person's script or a browser test can wait for the drawing rather than guess a delay.
 */
export const renderedPlugin = {
    id: 'troupeRendered',
    afterRender(chart) {
        chart.canvas.parentElement.dataset.rendered = 'true';
    },
};

/** A chart with the Troupe defaults: no animation, sized by its container. */
export function chart(canvas, config) {
    config.options = Object.assign({animation: false, responsive: true, maintainAspectRatio: false},
        config.options || {});
    config.plugins = [...(config.plugins || []), renderedPlugin];
    return new window.Chart(canvas, config);
}

/** A qualitative palette (colour-blind safe, Okabe–Ito). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];

/** Natural order: agent-2 before agent-10. */
export function naturalCompare(a, b) {
    return String(a).localeCompare(String(b), undefined, {numeric: true});
}
