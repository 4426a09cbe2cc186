// The saved-results page: trend charts (SVG, each with a text alternative), export to a
// file, import from a file (merged without duplicates), and "forget everything".
// Reading, checking, migrating and merging the saved data is done in Python
// (quizzes/storage.py, run by Pyodide) in the engine's worker; damaged data is reported and never
// overwritten: only an explicit import or "forget everything" changes what is stored.
import { getEngine, loadDefinition } from "./engine.js";
import { el, forgetEverything, formatDate, readHistory, showStored, storageAvailable, svg, writeHistory } from "./tools-common.js";

const engine = getEngine();
let teardown = null;

class HistoryPage {
  constructor(root, signal) {
    this.root = root;
    this.signal = signal;
    this.status = root.querySelector("[data-tend-history-status]");
    this.problem = root.querySelector("[data-tend-history-problem]");
    this.charts = root.querySelector("[data-tend-charts]");
    this.transfer = root.querySelector("[data-tend-transfer-message]");
    this.forgetMessage = root.querySelector("[data-tend-forget-message]");
    this.confirm = root.querySelector("[data-tend-forget-confirm]");
    this.definition = loadDefinition("checklist").catch(() => null);

    const on = (selector, type, fn) => root.querySelector(selector).addEventListener(type, fn, { signal });
    on("[data-tend-export]", "click", () => this.exportFile());
    on("[data-tend-import]", "change", (e) => this.importFile(e.target));
    on("[data-tend-forget]", "click", () => this.askForget());
    on("[data-tend-forget-yes]", "click", () => this.forget());
    on("[data-tend-forget-no]", "click", () => this.cancelForget());
    this.render();
  }

  async render() {
    showStored(this.root);
    this.problem.hidden = true;
    this.problem.replaceChildren();
    this.charts.replaceChildren();
    const text = readHistory();
    if (text === null) {
      this.status.textContent = "Nothing is saved on this device. After the connection checklist or the attachment self-check, press \"Save on this device\" to start a history here.";
      return;
    }
    this.status.textContent = "Reading what is saved on this device…";
    try {
      const definition = await this.definition;
      const series = await engine.call("history.series", { text, definition });
      if (this.signal.aborted) return;
      this.draw(series);
    } catch (error) {
      if (this.signal.aborted) return;
      this.status.textContent = "";
      this.problem.replaceChildren(el("p", { text: error.message }),
        el("p", { text: "Export still works: it saves the data exactly as it is stored, so nothing is lost." }));
      this.problem.hidden = false;
      this.problem.focus();
    }
  }

  draw(series) {
    const checklist = series.checklist.overall;
    const attachment = series.attachment.anxiety;
    this.status.textContent = `${series.count} saved ${series.count === 1 ? "result" : "results"} on this device.`;
    if (checklist.length) {
      const max = checklist[0].max;
      this.charts.append(el("h2", { text: "Connection checklist" }),
        chart({ id: "overall", title: "Checklist score over time", low: 0, high: max,
          ticks: [0, max / 2, max].map((v) => ({ value: v, label: String(v) })),
          lines: [{ name: "Score", points: checklist }], unit: ` out of ${max}` }));
      const grid = el("div", { class: "tend-history__areas" });
      const labels = ["No", "Sometimes", "Yes"];
      for (const area of series.checklist.areas) {
        const name = area.name.charAt(0).toUpperCase() + area.name.slice(1);
        grid.append(el("div", {}, el("h4", { text: name }),
          chart({ id: `area-${area.id}`, title: `${name} over time`, low: 0, high: 2, small: true,
            ticks: labels.map((label, value) => ({ value, label })),
            lines: [{ name, points: area.points }], format: (v) => labels[v] })));
      }
      this.charts.append(el("h3", { text: "Each area" }), grid);
    }
    if (attachment.length) {
      this.charts.append(el("h2", { text: "Attachment self-check" }),
        chart({ id: "attachment", title: "Anxiety and avoidance over time", low: 1, high: 7,
          ticks: [1, 4, 7].map((v) => ({ value: v, label: String(v) })),
          lines: [{ name: "Anxiety", points: attachment }, { name: "Avoidance", points: series.attachment.avoidance }],
          unit: " out of 7" }));
    }
  }

  exportFile() {
    const text = readHistory();
    if (text === null) {
      this.transfer.textContent = "There is nothing to export: no results are saved on this device.";
      return;
    }
    const blob = new Blob([text], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const day = new Date().toISOString().slice(0, 10);
    const link = el("a", { href: url, download: `tend-saved-results-${day}.json` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    this.transfer.textContent = "Exported. The file holds your saved scores and dates, nothing else.";
  }

  async importFile(input) {
    const file = input.files && input.files[0];
    if (!file) return;
    try {
      const incoming = await file.text();
      if (!storageAvailable()) throw new Error("This browser is not letting Tend save anything (storage is switched off or full). Nothing was imported.");
      const out = await engine.call("history.merge", { text: readHistory(), incoming });
      writeHistory(out.text);
      this.transfer.textContent = `Imported ${out.added} new ${out.added === 1 ? "result" : "results"}` +
        (out.already ? ` (${out.already} already here)` : "") + `. ${out.count} saved in all.`;
      await this.render();
    } catch (error) {
      this.transfer.textContent = error.message;
    } finally {
      input.value = "";
    }
  }

  askForget() {
    this.confirm.hidden = false;
    this.forgetMessage.textContent = "";
    this.confirm.querySelector("[data-tend-forget-no]").focus();
  }

  cancelForget() {
    this.confirm.hidden = true;
    this.root.querySelector("[data-tend-forget]").focus();
  }

  forget() {
    forgetEverything();
    this.confirm.hidden = true;
    this.forgetMessage.textContent = "Done. Everything Tend had stored in this browser has been erased.";
    this.root.querySelector("[data-tend-forget]").focus();
    this.render();
  }
}

// A line chart of values over time, with the same values as a table for screen readers
// and anyone who prefers numbers (inside a <details>, open on request).
function chart({ id, title, low, high, ticks, lines, small = false, unit = "", format = null }) {
  const width = small ? 260 : 520, height = small ? 120 : 220;
  const pad = { left: small ? 70 : 40, right: 14, top: 12, bottom: 28 };
  const times = lines.flatMap((l) => l.points.map((p) => Date.parse(p.at)));
  const t0 = Math.min(...times), t1 = Math.max(...times);
  const x = (at) => t1 === t0 ? (pad.left + width - pad.right) / 2
    : pad.left + ((Date.parse(at) - t0) / (t1 - t0)) * (width - pad.left - pad.right);
  const y = (v) => height - pad.bottom - ((v - low) / (high - low)) * (height - pad.top - pad.bottom);
  const show = format || ((v) => `${Number(v.toFixed(2))}${unit}`);

  const summary = lines.map((l) => {
    const first = l.points[0], last = l.points.at(-1);
    if (l.points.length === 1) return `${l.name}: ${show(first.value)} on ${formatDate(first.at)}.`;
    return `${l.name}: from ${show(first.value)} on ${formatDate(first.at)} to ${show(last.value)} on ${formatDate(last.at)}, over ${l.points.length} saved results.`;
  }).join(" ");

  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "tend-chart", role: "img",
    "aria-labelledby": `chart-${id}-title chart-${id}-desc`, "data-tend-chart": id });
  root.append(svg("title", { id: `chart-${id}-title` }, title), svg("desc", { id: `chart-${id}-desc` }, summary));
  for (const tick of ticks) {
    root.append(svg("line", { x1: pad.left, x2: width - pad.right, y1: y(tick.value), y2: y(tick.value), class: "tend-chart__grid" }));
    root.append(svg("text", { x: pad.left - 6, y: y(tick.value) + 4, "text-anchor": "end", class: "tend-chart__label" }, tick.label));
  }
  root.append(svg("line", { x1: pad.left, x2: width - pad.right, y1: height - pad.bottom, y2: height - pad.bottom, class: "tend-chart__axis" }));
  root.append(svg("text", { x: pad.left, y: height - 8, class: "tend-chart__label" }, formatDate(new Date(t0).toISOString())));
  if (t1 !== t0) {
    root.append(svg("text", { x: width - pad.right, y: height - 8, "text-anchor": "end", class: "tend-chart__label" },
      formatDate(new Date(t1).toISOString())));
  }
  lines.forEach((line, i) => {
    const second = i > 0 ? " tend-chart__line--second" : "";
    if (line.points.length > 1) {
      root.append(svg("polyline", { class: `tend-chart__line${second}`,
        points: line.points.map((p) => `${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ") }));
    }
    for (const p of line.points) {
      const dot = i > 0
        ? svg("rect", { x: x(p.at) - 4, y: y(p.value) - 4, width: 8, height: 8, class: "tend-chart__dot--second" })
        : svg("circle", { cx: x(p.at), cy: y(p.value), r: 4, class: "tend-chart__dot" });
      root.append(dot);
    }
  });

  const table = el("table", { class: "tend-chart__table" },
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Date" }),
      ...lines.map((l) => el("th", { scope: "col", text: l.name })))),
    el("tbody", {}, ...lines[0].points.map((p, n) => el("tr", {},
      el("th", { scope: "row", text: formatDate(p.at) }),
      ...lines.map((l) => el("td", { text: show(l.points[n].value) }))))));
  const legend = lines.length > 1
    ? el("p", { class: "tend-chart__legend", text: lines.map((l, i) => `${l.name}: ${i ? "dashed line, squares" : "solid line, circles"}`).join("; ") })
    : null;
  return el("figure", { class: "tend-chart__figure" }, root, legend,
    el("figcaption", { text: summary }),
    el("details", {}, el("summary", { text: "Show the numbers as a table" }), table));
}

function init() {
  if (teardown) teardown.abort();
  teardown = null;
  const root = document.querySelector("[data-tend-history]");
  if (!root) return;
  teardown = new AbortController();
  new HistoryPage(root, teardown.signal);
}

if (window.document$) window.document$.subscribe(() => init());
else init();
