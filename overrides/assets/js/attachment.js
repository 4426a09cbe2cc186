// The attachment self-check page: progress, submit, the result (an SVG plot with a text
// alternative), retake, and the paper version when the engine cannot run.
// Scoring happens in Python (quizzes.attachment) on Pyodide in the engine's worker; this module
// only reads the form and draws what comes back, with DOM APIs (never innerHTML).
import { QuestionList } from "./question-list.js";
import { getEngine, loadDefinition, SITE_ROOT } from "./engine.js";
import { el, svg } from "./tools-common.js";

const QUIZ = "attachment";

// Start the engine and fetch the definition now, while the visitor reads and answers.
const engine = getEngine();
const definition = loadDefinition(QUIZ);
definition.catch(() => {});

// Kept for the whole visit (in memory only, never stored): answers and the last result
// survive Material's instant navigation away from this page and back.
const memory = { answers: new Map(), result: null };
let teardown = null;

const STATUS = {
  starting: "Getting the scoring engine ready. You can start answering now.",
  booting: "Getting the scoring engine ready. You can start answering now.",
  ready: "The scoring engine is ready. Your answers are scored in this browser and never leave it.",
};
const KEPT = "Your answers are still here. You can score them by hand with the paper version below, which has a scoring key.";

function siteLink(url) {
  return new URL(url, SITE_ROOT).href;
}

function formatScore(value) {
  return value.toFixed(2).replace(/0$/, "");
}

class QuizPage {
  constructor(root, signal) {
    this.root = root;
    this.signal = signal;
    this.form = root.querySelector("[data-quiz-form]");
    this.status = root.querySelector("[data-engine-status]");
    this.progress = root.querySelector("[data-progress]");
    this.problem = root.querySelector("[data-form-problem]");
    this.resultBox = root.querySelector("[data-result]");
    this.resultBody = root.querySelector("[data-result-body]");
    this.paper = root.querySelector("[data-paper]");
    this.questions = new QuestionList(this.form, this.problem, {
      missingClass: "tend-quiz__item--missing", signal,
      linkText: (item, n, legend) => `Statement ${n}: ${legend}`,
    });
    this.items = this.questions.items;
    this.busy = false;

    const on = (target, type, fn) => target.addEventListener(type, fn, { signal });
    on(this.form, "change", (e) => this.changed(e.target));
    on(this.form, "submit", (e) => { e.preventDefault(); this.submit(); });
    on(root.querySelector("[data-retake]"), "click", () => this.retake());
    on(engine, "status", () => this.showStatus());
    const print = root.querySelector("[data-print-paper]");
    print.hidden = false;
    on(print, "click", () => this.printPaper());

    // The HTML is ready for a page without scripts: paper version open, no submit button.
    root.querySelector("[data-submit]").hidden = false;
    if (engine.state !== "failed") this.paper.open = false;
    this.restore();
    this.showStatus();
  }

  restore() {
    this.questions.restore(memory.answers);
    this.updateProgress();
    if (memory.result) definition.then((d) => this.showResult(memory.result, d, false));
  }

  changed(input) {
    if (input.type !== "radio") return;
    memory.answers.set(input.name, Number(input.value));
    this.questions.markMissing(input.name, false);
    this.updateProgress();
  }

  updateProgress() {
    const done = Object.values(this.questions.answers()).filter((v) => v !== null).length;
    this.progress.textContent = `${done} of ${this.items.length} answered`;
  }

  showStatus() {
    const failed = engine.state === "failed";
    this.status.classList.toggle("tend-engine-status--failed", failed);
    this.status.replaceChildren();
    if (!failed) {
      this.status.textContent = STATUS[engine.state] || STATUS.starting;
      return;
    }
    this.status.append(engine.message + " " + KEPT + " ",
      el("a", { href: "#paper-version", text: "Go to the paper version" }), ".");
    this.paper.open = true;
  }

  async submit() {
    if (this.busy) return;
    const answers = this.questions.answers();
    const missing = this.items.filter((item) => answers[item] === null);
    this.questions.clearMissing();
    if (missing.length) {
      const numbers = missing.map((item) => this.items.indexOf(item) + 1);
      this.questions.showProblem(missingMessage(numbers, this.items.length), missing);
      this.questions.focus(missing[0]);
      return;
    }
    if (engine.state === "failed" && engine.reason !== "timeout") {
      this.questions.showProblem(engine.message + " " + KEPT);
      this.problem.focus();
      this.paper.open = true;
      return;
    }
    this.questions.clearProblem();
    this.busy = true;
    if (engine.state === "failed") {  // timed out: it may still get there
      this.questions.showProblem(engine.message + " " + KEPT + " If the engine does start, your result will appear here.");
      this.paper.open = true;
    } else if (engine.state !== "ready") {
      this.questions.showProblem("Your answers will be scored as soon as the scoring engine is ready.");
    }
    try {
      const quiz = await definition;
      const result = await engine.call("attachment.score", { definition: quiz, answers });
      memory.result = result;
      if (!this.signal.aborted) this.showResult(result, quiz, true);
    } catch (error) {
      if (this.signal.aborted) return;
      const items = error && error.items || [];
      const message = error && error.message || "The answers could not be scored.";
      this.questions.showProblem(error && error.type === "engine" ? message + " " + KEPT : message, items);
      if (items.length) this.questions.focus(items[0]);
      else this.problem.focus();
      if (error && error.type === "engine") this.paper.open = true;
    } finally {
      this.busy = false;
    }
  }

  showResult(result, quiz, focus) {
    this.questions.clearProblem();
    this.resultBody.replaceChildren(...renderResult(result, quiz));
    this.resultBox.hidden = false;
    this.form.hidden = true;
    // For saving, sharing and the partner comparison (attachment-extras.js).
    this.root.dispatchEvent(new CustomEvent("tend:result", {
      bubbles: true, detail: { tool: QUIZ, result, definition: quiz, box: this.resultBox },
    }));
    if (focus) {
      const heading = this.resultBox.querySelector("h2");
      heading.focus();
      heading.scrollIntoView({ block: "start" });
    }
  }

  retake() {
    memory.result = null;
    memory.answers.clear();
    this.form.reset();
    this.questions.clearMissing();
    this.questions.clearProblem();
    this.resultBox.hidden = true;
    this.resultBody.replaceChildren();
    this.form.hidden = false;
    this.updateProgress();
    this.questions.focus(this.items[0]);
  }

  printPaper() {
    this.paper.open = true;
    document.documentElement.classList.add("tend-print-paper");
    addEventListener("afterprint", () => document.documentElement.classList.remove("tend-print-paper"),
      { once: true });
    print();
  }
}

function missingMessage(numbers, total) {
  let text;
  if (numbers.length === 1) text = `Statement ${numbers[0]} is not answered yet.`;
  else if (numbers.length === total) text = `None of the ${total} statements is answered yet.`;
  else text = `Statements ${numbers.slice(0, -1).join(", ")} and ${numbers.at(-1)} are not answered yet.`;
  return text + " Please choose an answer for each one.";
}

function renderResult(result, quiz) {
  const pattern = result.pattern;
  const nodes = [];
  nodes.push(el("p", { class: "tend-result__pattern" },
    "Closest pattern: ", el("strong", { text: pattern.name })));
  if (result.close_to_middle) {
    const names = result.neighbours.map((n) => n.name);
    const also = names.length ? ` The neighbouring ${names.length > 1 ? "patterns are" : "pattern is"} ${joinWords(names)}.` : "";
    nodes.push(el("p", { class: "tend-result__middle", text: "Close to the middle. " + result.middle + also }));
  }
  nodes.push(plot(result, quiz));
  nodes.push(el("p", { text: pattern.summary }));

  const dims = el("dl", { class: "tend-result__dimensions" });
  for (const dim of result.dimensions) {
    dims.append(
      el("dt", {}, `${dim.name}: `, el("strong", { text: `${formatScore(dim.score)} out of ${result.scale.high}` }),
        ` (${dim.near ? "close to the middle" : dim.level})`),
      el("dd", {}, el("p", { text: dim.meaning }), el("p", { text: dim.reading })),
    );
  }
  nodes.push(el("h3", { text: "Your two scores" }), dims);

  nodes.push(el("h3", { text: "What tends to help" }),
    el("ul", {}, ...pattern.what_helps.map((text) => el("li", { text }))));
  nodes.push(el("h3", { text: "Read more in the guide" }),
    el("ul", {}, ...pattern.chapters.map((c) => el("li", {}, el("a", { href: siteLink(c.url), text: c.title })))));
  nodes.push(el("div", { class: "admonition note tend-result__caution" },
    el("p", { class: "admonition-title", text: "Not a diagnosis" }),
    el("p", { text: result.not_a_diagnosis }),
    el("p", {}, result.get_help.text + " ", el("a", { href: siteLink(result.get_help.url), text: "Get help" }), ".")));
  return nodes;
}

function joinWords(words) {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

// The anxiety x avoidance plane: avoidance left to right, anxiety bottom to top, split
// at the midpoint, with the "close to the middle" band shaded, and the visitor's point;
// with `partner` ({scores, name}), the partner's point too, as a square.
export function plot(result, quiz, partner = null) {
  const { low, high, midpoint, margin } = result.scale;
  const size = 300, pad = 44, inner = size - 2 * pad;
  const x = (v) => pad + ((v - low) / (high - low)) * inner;
  const y = (v) => size - pad - ((v - low) / (high - low)) * inner;
  const anxiety = result.scores.anxiety, avoidance = result.scores.avoidance;

  const idBase = partner ? `${quiz.id}-pair-plot` : `${quiz.id}-plot`;
  const titleId = `${idBase}-title`, descId = `${idBase}-desc`;
  const figure = el("figure", { class: "tend-plot" });
  const root = svg("svg", { viewBox: `0 0 ${size} ${size}`, role: "img", "aria-labelledby": `${titleId} ${descId}`, class: "tend-plot__svg" });
  const description = `Your point sits at anxiety ${formatScore(anxiety)} and avoidance ${formatScore(avoidance)}, on scales from ${low} to ${high}, in the ${result.pattern.name} quarter of the plane` +
    (result.close_to_middle ? ", close to the middle." : ".") +
    (partner ? ` Your partner's point (the square) sits at anxiety ${formatScore(partner.scores.anxiety)} and avoidance ${formatScore(partner.scores.avoidance)}, in the ${partner.name} quarter.` : "");
  root.append(svg("title", { id: titleId }, partner ? "Where your answers and your partner's fall on the two dimensions" : "Where your answers fall on the two dimensions"),
    svg("desc", { id: descId }, description));

  root.append(svg("rect", { x: pad, y: pad, width: inner, height: inner, class: "tend-plot__frame" }));
  root.append(svg("rect", { x: x(midpoint - margin), y: pad, width: x(midpoint + margin) - x(midpoint - margin), height: inner, class: "tend-plot__band" }));
  root.append(svg("rect", { x: pad, y: y(midpoint + margin), width: inner, height: y(midpoint - margin) - y(midpoint + margin), class: "tend-plot__band" }));
  root.append(svg("line", { x1: x(midpoint), y1: pad, x2: x(midpoint), y2: size - pad, class: "tend-plot__axis" }));
  root.append(svg("line", { x1: pad, y1: y(midpoint), x2: size - pad, y2: y(midpoint), class: "tend-plot__axis" }));

  const corner = { lower: [low, midpoint], higher: [midpoint, high] };
  for (const p of quiz.patterns) {
    const [v0, v1] = corner[p.avoidance];
    root.append(svg("text", {
      x: x((v0 + v1) / 2), y: p.anxiety === "higher" ? y(high) + 16 : y(low) - 8, "text-anchor": "middle",
      class: "tend-plot__quadrant" + (p.id === result.pattern.id ? " tend-plot__quadrant--yours" : ""),
    }, p.name));
  }
  for (const tick of [low, midpoint, high]) {
    root.append(svg("text", { x: x(tick), y: size - pad + 16, "text-anchor": "middle", class: "tend-plot__tick" }, String(tick)));
    root.append(svg("text", { x: pad - 8, y: y(tick) + 4, "text-anchor": "end", class: "tend-plot__tick" }, String(tick)));
  }
  root.append(svg("text", { x: size / 2, y: size - 8, "text-anchor": "middle", class: "tend-plot__label" }, "Avoidance"));
  root.append(svg("text", { x: 14, y: size / 2, "text-anchor": "middle", transform: `rotate(-90 14 ${size / 2})`, class: "tend-plot__label" }, "Anxiety"));
  if (partner) {
    const px = x(partner.scores.avoidance), py = y(partner.scores.anxiety);
    root.append(svg("rect", { x: px - 7, y: py - 7, width: 14, height: 14, class: "tend-plot__point tend-plot__point--partner" }));
  }
  root.append(svg("circle", { cx: x(avoidance), cy: y(anxiety), r: 8, class: "tend-plot__point" }));

  figure.append(root, el("figcaption", { text: description + " The shaded bands mark scores within " + margin + " of the middle." }));
  return figure;
}

function init() {
  if (teardown) teardown.abort();
  teardown = null;
  const root = document.querySelector(`[data-quiz="${QUIZ}"]`);
  if (!root) return;
  teardown = new AbortController();
  new QuizPage(root, teardown.signal);
}

// Material's instant navigation swaps pages without reloading; document$ emits each time.
if (window.document$) window.document$.subscribe(() => init());
else init();
