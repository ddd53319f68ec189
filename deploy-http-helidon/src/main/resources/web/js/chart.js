// Hand-rolled SVG bar charts (ADR-0057): no library, no CDN. Every bar is a <g class="bar"> with its label and values
// in data attributes and a <title>, so a screen reader, a test and a tooltip all read the same numbers.

const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c !== undefined && c !== null) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/**
 * Vertical stacked bars: one per item, one segment per series.
 * items: [{label, values: {series: number}}]; series: [{key, label, cls}].
 */
export function stackedBars(items, series, { title, height = 180, id } = {}) {
  // Wide bars for a week, thin ones for a year; a day label every few bars so labels never overlap.
  const barW = items.length <= 14 ? 32 : items.length <= 62 ? 16 : 4, gap = items.length <= 62 ? 8 : 1;
  const left = 36, bottom = 34, top = 8;
  const width = Math.max(240, left + items.length * (barW + gap) + gap);
  const max = Math.max(1, ...items.map((it) => series.reduce((t, se) => t + (Number(it.values[se.key]) || 0), 0)));
  const plot = height - bottom - top;
  const svg = s('svg', { class: 'chart', id, role: 'img', 'aria-label': title, viewBox: `0 0 ${width} ${height}`,
    width, height, preserveAspectRatio: 'xMinYMin meet' }, s('title', {}, title));
  for (const tick of [0, Math.round(max / 2), max]) {
    const y = top + plot - (tick / max) * plot;
    svg.append(s('line', { class: 'grid-line', x1: left - 4, x2: width, y1: y, y2: y }),
      s('text', { class: 'axis', x: left - 6, y: y + 4, 'text-anchor': 'end' }, tick));
  }
  const every = Math.max(1, Math.ceil(40 / (barW + gap)));
  items.forEach((it, i) => {
    const x = left + gap + i * (barW + gap);
    const total = series.reduce((t, se) => t + (Number(it.values[se.key]) || 0), 0);
    const g = s('g', { class: 'bar', 'data-label': it.label, 'data-total': total },
      s('title', {}, `${it.label}: ` + series.map((se) => `${it.values[se.key] || 0} ${se.label}`).join(', ')));
    let y = top + plot;
    for (const se of series) {
      const v = Number(it.values[se.key]) || 0;
      if (v <= 0) continue;
      const hgt = (v / max) * plot;
      y -= hgt;
      g.append(s('rect', { class: 'seg ' + se.cls, x, y, width: barW, height: hgt, 'data-series': se.key, 'data-value': v }));
    }
    if (i % every === 0) {
      g.append(s('text', { class: 'axis', x: x + barW / 2, y: height - bottom + 14, 'text-anchor': 'middle' },
        String(it.label).slice(5)));
    }
    svg.append(g);
  });
  return svg;
}

/** Horizontal bars of one value each, 0..max (rates: max 1, shown as %). items: [{label, value, href?}]. */
export function horizontalBars(items, { title, max, format = (v) => v, id } = {}) {
  const rowH = 22, left = 120, width = 460, right = 60;
  const height = Math.max(rowH, items.length * rowH) + 4;
  const top = max ?? Math.max(1, ...items.map((it) => Number(it.value) || 0));
  const svg = s('svg', { class: 'chart', id, role: 'img', 'aria-label': title, viewBox: `0 0 ${width} ${height}`,
    width, height }, s('title', {}, title));
  items.forEach((it, i) => {
    const y = 2 + i * rowH;
    const v = it.value === null || it.value === undefined ? null : Number(it.value);
    const w = v === null ? 0 : ((width - left - right) * v) / top;
    svg.append(s('g', { class: 'bar', 'data-label': it.label, 'data-value': v ?? '' },
      s('title', {}, `${it.label}: ${v === null ? 'no data' : format(v)}`),
      s('text', { class: 'axis', x: left - 6, y: y + 15, 'text-anchor': 'end' }, it.label),
      s('rect', { class: 'seg ' + (it.cls || 'ok'), x: left, y: y + 3, width: Math.max(w, 0), height: rowH - 6 }),
      s('text', { class: 'value', x: left + w + 4, y: y + 15 }, v === null ? '—' : format(v))));
  });
  return svg;
}
