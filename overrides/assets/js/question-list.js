// The questions of a self-check form, as every Tend tool handles them: read the chosen
// answers, put remembered ones back, flag the unanswered (for eyes and for screen
// readers), list them in an alert with links, and move focus to one.
//
// Each question is a <fieldset id="q-ITEM" data-item="ITEM"> of radios named ITEM, which
// may hold a <... data-missing-note id="q-ITEM-missing" hidden> shown while unanswered.

import { el } from "./tools-common.js";

export class QuestionList {
  /**
   * @param {Element} form        the <form> holding the fieldsets
   * @param {Element} problem     the box that lists what is wrong (hidden when all is well)
   * @param {object}  options
   *   missingClass: class a fieldset gets while it is flagged as unanswered
   *   linkText(item, number, legend): the words of the link to an unanswered question
   *   signal: an AbortSignal that removes the listeners
   */
  constructor(form, problem, { missingClass, linkText, signal }) {
    this.form = form;
    this.problem = problem;
    this.missingClass = missingClass;
    this.linkText = linkText;
    this.items = [...form.querySelectorAll("[data-item]")].map((fieldset) => fieldset.dataset.item);
    problem.addEventListener("click", (event) => {
      const link = event.target.closest("a[data-goto]");
      if (link) { event.preventDefault(); this.focus(link.dataset.goto); }
    }, { signal });
  }

  fieldset(item) {
    return this.form.querySelector(`#q-${CSS.escape(item)}`);
  }

  /** {item: chosen value or null} for every question, in order. */
  answers() {
    const answers = {};
    for (const item of this.items) {
      const checked = this.form.querySelector(`input[name="${CSS.escape(item)}"]:checked`);
      answers[item] = checked ? Number(checked.value) : null;
    }
    return answers;
  }

  /** Tick the remembered answers again (a Map of item -> value). */
  restore(remembered) {
    for (const [item, value] of remembered) {
      const input = this.form.querySelector(`input[name="${CSS.escape(item)}"][value="${value}"]`);
      if (input) input.checked = true;
    }
  }

  markMissing(item, missing) {
    const fieldset = this.fieldset(item);
    if (!fieldset) return;
    fieldset.classList.toggle(this.missingClass, missing);
    const note = fieldset.querySelector("[data-missing-note]");
    if (!note) return;
    note.hidden = !missing;
    if (missing) fieldset.setAttribute("aria-describedby", note.id);
    else fieldset.removeAttribute("aria-describedby");
  }

  clearMissing() {
    for (const item of this.items) this.markMissing(item, false);
  }

  focus(item) {
    const fieldset = this.fieldset(item);
    if (!fieldset) return;
    const input = fieldset.querySelector("input:checked") || fieldset.querySelector("input");
    fieldset.scrollIntoView({ block: "center" });
    input.focus();
  }

  /** Say what is wrong; `items` (unanswered questions) are flagged and linked. */
  showProblem(message, items = []) {
    for (const item of items) this.markMissing(item, true);
    this.problem.replaceChildren(el("p", { text: message }));
    const links = items.filter((item) => this.fieldset(item)).map((item) => {
      const legend = this.fieldset(item).querySelector("legend").textContent.trim().replace(/^\d+\.\s*/, "");
      const text = this.linkText(item, this.items.indexOf(item) + 1, legend);
      return el("li", {}, el("a", { href: `#q-${item}`, "data-goto": item, text }));
    });
    if (links.length) this.problem.append(el("ul", {}, ...links));
    this.problem.hidden = false;
    this.problem.setAttribute("role", "alert");
  }

  clearProblem() {
    this.problem.hidden = true;
    this.problem.removeAttribute("role");
    this.problem.replaceChildren();
  }
}
