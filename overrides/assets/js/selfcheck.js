// The three-choice self-check pages: the connection checklist, the over-dependence check
// and the drifting-apart check. The form works before Python is ready; scoring, saving,
// share codes and the partner comparison all happen in Python (quizzes/*, run by Pyodide) in the engine's
// worker. This module reads the form and draws what comes back with DOM APIs only.
import { QuestionList } from "./question-list.js";
import { getEngine, loadDefinition } from "./engine.js";
import { copyLink, el, partnerCode, saveResult, shareLink, showStored, siteLink } from "./tools-common.js";

const engine = getEngine();
// Answers and results live in memory for the visit only (never stored unless saved), so
// they survive Material's instant navigation away and back.
const memory = new Map();
let teardown = null;

const STATUS = {
  starting: "Getting the scorer ready. You can start answering now.",
  booting: "Getting the scorer ready. You can start answering now.",
  ready: "Ready. Your answers are scored in this browser and never leave it.",
};
const KEPT = "Your answers are still here. You can also score yourself on paper: printing this page gives the paper version with its scoring key.";

function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

class SelfCheckPage {
  constructor(root, signal) {
    this.root = root;
    this.signal = signal;
    this.tool = root.dataset.tendTool;
    this.noun = root.dataset.noun || "question";
    this.definition = loadDefinition(this.tool);
    this.definition.catch(() => {});
    this.form = root.querySelector("[data-tend-form]");
    this.problem = root.querySelector("[data-tend-error]");
    this.status = root.querySelector("[data-tend-engine-status]");
    this.resultBox = root.querySelector("[data-tend-result]");
    this.resultBody = root.querySelector("[data-tend-result-body]");
    this.partnerBox = root.querySelector("[data-tend-partner]");
    this.questions = new QuestionList(this.form, this.problem, {
      missingClass: "tend-question--missing", signal,
      linkText: (item, n) => `Go to ${this.noun} ${n}`,
    });
    if (!memory.has(this.tool)) memory.set(this.tool, { answers: new Map(), result: null });
    this.memory = memory.get(this.tool);
    this.partner = null;

    const on = (target, type, fn) => target && target.addEventListener(type, fn, { signal });
    on(this.form, "change", (e) => this.changed(e.target));
    on(this.form, "submit", (e) => { e.preventDefault(); this.submit(); });
    on(engine, "status", () => this.showStatus());
    on(root.querySelector("[data-tend-save]"), "click", () => this.save());
    on(root.querySelector("[data-tend-share]"), "click", () => this.share());
    on(root.querySelector("[data-tend-copy]"), "click", () => this.copy());
    for (const button of document.querySelectorAll("[data-tend-print]")) on(button, "click", () => print());
    on(window, "hashchange", () => this.readPartner());

    showStored(root);
    this.showStatus();
    this.restore();
    this.readPartner();
  }

  restore() {
    this.questions.restore(this.memory.answers);
    if (this.memory.result) this.definition.then((d) => this.showResult(this.memory.result, d, false));
  }

  changed(input) {
    if (input.type !== "radio") return;
    this.memory.answers.set(input.name, Number(input.value));
    this.questions.markMissing(input.name, false);
  }

  showStatus() {
    if (!this.status) return;
    if (engine.state === "failed") this.status.textContent = `${engine.message} ${KEPT}`;
    else this.status.textContent = STATUS[engine.state] || STATUS.starting;
  }

  async submit() {
    if (this.busy) return;
    this.busy = true;
    const answers = this.questions.answers();
    this.questions.clearMissing();
    if (engine.state !== "ready" && engine.state !== "failed") {
      this.questions.showProblem("Your answers will be scored as soon as the scorer is ready.");
    }
    try {
      const definition = await this.definition;
      const result = await engine.call(`${this.tool}.score`, { definition, answers });
      this.memory.result = result;
      if (!this.signal.aborted) await this.showResult(result, definition, true);
    } catch (error) {
      if (this.signal.aborted) return;
      const items = (error && error.items) || [];
      let message = (error && error.message) || "The answers could not be scored.";
      if (error && error.type === "engine") message += ` ${KEPT}`;
      this.questions.showProblem(message, items);
      if (items.length) this.questions.focus(items[0]);
      else this.problem.focus();
    } finally {
      this.busy = false;
    }
  }

  async showResult(result, definition, focus) {
    this.questions.clearProblem();
    const nodes = RENDER[this.tool](result, definition);
    if (this.partner && this.tool === "checklist") {
      try {
        const comparison = await engine.call("share.compare", {
          tool: this.tool, mine: result, partner: this.partner, definition,
        });
        nodes.unshift(renderChecklistComparison(comparison));
      } catch (error) {
        nodes.unshift(el("p", { class: "tend-partner--error", text: error.message }));
      }
    }
    nodes.push(disclaimer(result));
    this.resultBody.replaceChildren(...nodes);
    this.resultBox.hidden = false;
    const out = this.root.querySelector("[data-tend-share-out]");
    if (out) out.hidden = true;
    for (const msg of this.root.querySelectorAll("[data-tend-save-message], [data-tend-copy-message]")) {
      msg.replaceChildren();
    }
    if (focus) {
      this.resultBox.focus({ preventScroll: true });
      this.resultBox.scrollIntoView({ block: "start" });
    }
  }

  async save() {
    if (!this.memory.result) return;
    const history = this.root.querySelector("[data-tend-stored]").dataset.history;
    await saveResult(this.tool, this.memory.result, this.root.querySelector("[data-tend-save-message]"), history);
  }

  async share() {
    const out = this.root.querySelector("[data-tend-share-out]");
    const input = this.root.querySelector("[data-tend-share-link]");
    try {
      input.value = await shareLink(this.tool, this.memory.result, await this.definition);
      out.hidden = false;
      input.focus();
      input.select();
    } catch (error) {
      this.root.querySelector("[data-tend-copy-message]").textContent = error.message;
      out.hidden = false;
    }
  }

  copy() {
    copyLink(this.root.querySelector("[data-tend-share-link]"), this.root.querySelector("[data-tend-copy-message]"));
  }

  async readPartner() {
    const box = this.partnerBox;
    const code = partnerCode();
    if (!box || code === null) {
      if (box) { box.hidden = true; this.partner = null; }
      return;
    }
    const message = box.querySelector("[data-tend-partner-message]");
    box.hidden = false;
    box.classList.remove("tend-partner--error");
    message.textContent = "Reading your partner's link…";
    try {
      const definition = await this.definition;
      this.partner = await engine.call("share.decode", { code, tool: this.tool, definition });
      message.replaceChildren(
        "Your partner has shared their checklist answers with you. Answer the questions yourself, ",
        "then press \"See my result\" to see the two side by side. ",
        el("strong", { text: "Only if you feel safe together: " }),
        "comparing is not meant for relationships with fear, pressure or violence; ",
        el("a", { href: siteLink("get-help/"), text: "Get help" }), " lists confidential support.");
      if (this.memory.result) this.showResult(this.memory.result, definition, false);
    } catch (error) {
      this.partner = null;
      box.classList.add("tend-partner--error");
      message.textContent = `Your partner's link cannot be used. ${error.message}`;
    }
  }
}

function disclaimer(result) {
  return el("div", { class: "admonition note tend-disclaimer" },
    el("p", { class: "admonition-title", text: "Not a diagnosis" }),
    el("p", { text: result.not_a_diagnosis }),
    el("p", {}, `${result.get_help.text} `, el("a", { href: siteLink(result.get_help.url), text: "Get help" }), "."));
}

function band(result) {
  return el("div", { class: "tend-band" },
    el("p", { class: "tend-band__title", text: result.band.title }),
    el("p", { text: result.band.text }));
}

function chapterLink(chapter) {
  return el("a", { href: siteLink(chapter.url), text: chapter.title });
}

function renderChecklist(result) {
  const nodes = [
    el("p", { class: "tend-score", "data-tend-score": String(result.score),
      text: `Your score: ${result.score} out of ${result.max}` }),
    band(result),
    el("h3", { text: "Strengths" }),
  ];
  if (result.strengths.length) {
    nodes.push(el("ul", { class: "tend-strengths" }, ...result.strengths.map((s) =>
      el("li", {}, el("strong", { text: `${capitalise(s.area)}: ` }), s.text))));
  } else {
    nodes.push(el("p", { text: "No \"yes\" answers this time. That happens in hard weeks; the ideas below are small on purpose." }));
  }
  nodes.push(el("h3", { text: "Growth areas" }));
  if (result.growth.length) {
    nodes.push(el("p", { text: "Pick one to start with. Each has one thing to try this week and the chapter that helps." }));
    nodes.push(el("ul", { class: "tend-growth" }, ...result.growth.map((g) =>
      el("li", { "data-item": g.id },
        el("strong", { text: capitalise(g.area) }), ` (you answered "${g.answer}")`,
        el("br"), `Try this week: ${g.try_this} `,
        el("br"), "Read: ", chapterLink(g.chapter)))));
  } else {
    nodes.push(el("p", { text: "None this week: every answer was \"yes\"." }));
  }
  return nodes;
}

function renderDependence(result) {
  const count = result.noticed.length;
  const nodes = [];
  if (result.safety) {
    nodes.push(el("div", { class: "tend-tool-safety-note", role: "note", "data-tend-safety": "" },
      el("p", {}, el("strong", { text: result.safety.title })),
      el("p", { text: result.safety.text }),
      el("p", {}, el("a", { href: siteLink(result.safety.url), text: "Get help: confidential support" }))));
  }
  nodes.push(el("p", { class: "tend-score", "data-tend-score": String(result.score),
    text: `You recognised ${count} of the signs (${result.score} points out of ${result.max}).` }), band(result));
  if (count) {
    nodes.push(el("h3", { text: "Signs you recognised" }),
      el("ul", {}, ...result.noticed.map((n) => el("li", {}, n.text, ` (${n.answer.toLowerCase()})`))));
  }
  nodes.push(el("h3", { text: "Chapters that help" }),
    el("ul", {}, ...result.chapters.map((c) => el("li", {}, chapterLink(c)))));
  return nodes;
}

function renderDrifting(result) {
  const count = result.noticed.length;
  const nodes = [
    el("p", { class: "tend-score", "data-tend-score": String(result.score),
      text: `You notice ${count} of the signs (${result.score} points out of ${result.max}).` }),
    band(result),
  ];
  if (count) {
    nodes.push(el("h3", { text: "Signs you notice, with one step for each" }),
      el("ul", {}, ...result.noticed.map((n) => el("li", {}, el("strong", { text: n.text }),
        ` (${n.answer.toLowerCase()})`, el("br"), `Try this: ${n.try_this}`))));
    nodes.push(el("h3", { text: "Chapters that help" }),
      el("ul", {}, ...result.categories.map((c) => el("li", {},
        `${capitalise(c.category)} (${c.count} ${c.count === 1 ? "sign" : "signs"}): `, chapterLink(c.chapter)))));
  }
  return nodes;
}

function renderChecklistComparison(c) {
  const box = el("section", { class: "tend-compare", "data-tend-compare": "", "aria-labelledby": "tend-compare-title" },
    el("h3", { id: "tend-compare-title", text: "You and your partner, side by side" }),
    el("p", { text: `Your score: ${c.mine.score} out of ${c.max}. Your partner's score: ${c.partner.score} out of ${c.max}.` }),
    el("p", { class: "tend-tool-safety", text: c.safety }));
  if (c.differ.length) {
    const rows = c.differ.map((d) => el("tr", { "data-item": d.id },
      el("th", { scope: "row", text: d.text }), el("td", { text: d.mine.label }), el("td", { text: d.partner.label })));
    box.append(el("h4", { text: `Where your answers differ (${c.differ.length})` }),
      el("table", {}, el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Question" }),
        el("th", { scope: "col", text: "You" }), el("th", { scope: "col", text: "Your partner" }))),
      el("tbody", {}, ...rows)));
  } else {
    box.append(el("p", { text: "You answered every question the same way." }));
  }
  if (c.both_growing.length) {
    box.append(el("h4", { text: "Room to grow that you both see" }),
      el("ul", {}, ...c.both_growing.map((g) => el("li", {}, el("strong", { text: `${capitalise(g.area)}: ` }),
        `${g.try_this} `, chapterLink(g.chapter)))));
  }
  box.append(el("p", { text: c.note }));
  return box;
}

const RENDER = { checklist: renderChecklist, dependence: renderDependence, drifting: renderDrifting };

function init() {
  if (teardown) teardown.abort();
  teardown = null;
  const root = document.querySelector("[data-tend-tool]");
  if (!root) return;
  teardown = new AbortController();
  new SelfCheckPage(root, teardown.signal);
}

// Material's instant navigation swaps pages without reloading; document$ emits each time.
if (window.document$) window.document$.subscribe(() => init());
else init();
