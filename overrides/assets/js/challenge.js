// The 7-day challenge page: personalise the plan and the printed sheet, print it,
// and download the week as a calendar file. Nothing is stored: the names, first day
// and time live in the form and in the URL fragment (never sent to any server).
import {
  challengeEvents, coupleName, formatLong, formatShort, parseDate, parseTime,
  planDates, readState, writeState,
} from "./challenge-plan.js";
import { buildCalendar } from "./ics.js";

const DEFAULT_TIME = "19:00";
const blanks = new WeakMap(); // each slot's original content (blank lines), to restore on clear

/** Put `text` in a slot, or its original blank lines back when `text` is empty. */
function fill(slot, text) {
  if (!blanks.has(slot)) blanks.set(slot, [...slot.childNodes].map((n) => n.cloneNode(true)));
  if (text) {
    slot.textContent = text;
  } else {
    slot.replaceChildren(...blanks.get(slot).map((n) => n.cloneNode(true)));
  }
  slot.dataset.blank = text ? "false" : "true";
}

/** The days as the page shows them (the page is rendered from content/data/challenge_days.yml). */
function daysOnPage(root) {
  return [...root.querySelectorAll("[data-challenge-plan] [data-day]")].map((li) => ({
    day: Number(li.dataset.day),
    title: li.dataset.title,
    task: li.querySelector("[data-task]").textContent.trim(),
    timeNeeded: li.dataset.timeNeeded,
  }));
}

class ChallengePage {
  constructor(root, form) {
    this.root = root;
    this.form = form;
    this.fields = form.elements;
    this.status = form.querySelector("[data-challenge-status]");
  }

  start() {
    // Material re-renders the page when a heading link on it is followed, which would empty
    // the form: fall back to what was typed on this page earlier in the visit.
    const state = readState(location.hash) ?? (remembered?.path === location.pathname ? remembered.state : null);
    if (state) {
      for (const key of ["a", "b", "start"]) this.fields[key].value = state[key];
      this.fields.time.value = state.time || DEFAULT_TIME;
    }
    this.form.hidden = false;
    this.form.addEventListener("input", () => this.update());
    this.form.addEventListener("change", () => this.update());
    // A half-typed date or time fires no input event; say so when the visitor moves on.
    this.form.addEventListener("focusout", () => this.showErrors());
    this.form.addEventListener("submit", (ev) => ev.preventDefault());
    this.form.querySelector("[data-challenge-print]").addEventListener("click", () => window.print());
    this.form.querySelector("[data-challenge-ics]").addEventListener("click", () => this.download());
    this.form.querySelector("[data-challenge-clear]").addEventListener("click", () => this.clear());
    this.render();
    if (state) {
      keepInAddress(this.fragment());
      this.reportUnreadable(state);
    }
  }

  /** A hand-edited address may carry a date or time the fields cannot take: say which. */
  reportUnreadable(state) {
    const bad = [];
    if (state.start && !parseDate(state.start)) bad.push(`first day "${state.start}" is not a real date`);
    if (state.time && !parseTime(state.time)) bad.push(`reminder time "${state.time}" is not a time of day`);
    if (bad.length) this.setStatus(`The ${bad.join(", and the ")} in this page's address; choose again above.`);
  }

  state() {
    const f = this.fields;
    return { a: f.a.value.trim(), b: f.b.value.trim(), start: f.start.value, time: f.time.value };
  }

  /** Fragment for the current state; the default time alone is not worth keeping. */
  fragment() {
    const s = this.state();
    return writeState({ ...s, time: s.time === DEFAULT_TIME && !s.a && !s.b && !s.start ? "" : s.time });
  }

  update() {
    this.setStatus("");
    this.render();
    this.remember();
    keepInAddress(this.fragment());
  }

  /** Keep the form in memory for this visit only (a module variable, never storage). */
  remember() {
    remembered = { path: location.pathname, state: this.state() };
  }

  render() {
    const s = this.state();
    const start = parseDate(s.start) ? s.start : "";
    const dates = start ? planDates(start) : [];
    fill(this.root.querySelector("[data-challenge-names]"), coupleName(s.a, s.b));
    fill(this.root.querySelector("[data-challenge-start]"), start ? formatLong(start) : "");
    for (const slot of this.root.querySelectorAll("[data-challenge-date]")) {
      fill(slot, start ? formatShort(dates[Number(slot.dataset.challengeDate) - 1]) : "");
    }
    this.showErrors();
  }

  /** Clear messages for fields the browser could not read (a half-typed date or time). */
  showErrors() {
    const f = this.fields;
    const problems = {
      start: f.start.validity.badInput ? "That first day is not a whole date yet: fill in day, month and year." : "",
      time: f.time.validity.badInput ? "That reminder time is not complete yet: fill in hours and minutes." : "",
    };
    for (const [key, message] of Object.entries(problems)) {
      this.form.querySelector(`[data-challenge-error="${key}"]`).textContent = message;
      f[key].setAttribute("aria-invalid", message ? "true" : "false");
    }
  }

  download() {
    const s = this.state();
    const missing = !parseDate(s.start) ? ["start", "Choose a first day above, so the calendar knows which dates to use."]
      : !parseTime(s.time) ? ["time", "Choose a reminder time above, so each day lands at a time that suits you."]
      : null;
    if (missing) {
      this.setStatus(missing[1]);
      this.fields[missing[0]].focus();
      return;
    }
    const who = coupleName(s.a, s.b);
    const text = buildCalendar({
      events: challengeEvents({ days: daysOnPage(this.root), ...s, uid: randomId() }),
      name: who ? `${who}: 7-day connection challenge` : "7-day connection challenge",
    });
    const url = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "tend-7-day-challenge.ics";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    this.setStatus(`Calendar file ready: seven events from ${formatLong(s.start)}, each at ${s.time}.`);
  }

  clear() {
    for (const key of ["a", "b", "start"]) this.fields[key].value = "";
    this.fields.time.value = DEFAULT_TIME;
    this.render();
    this.remember();
    keepInAddress("");
    this.setStatus("Cleared. Nothing was stored anywhere else.");
    this.fields.a.focus();
  }

  setStatus(text) {
    this.status.textContent = text;
  }
}

function randomId() {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** Replace the URL fragment without a new history entry and without scrolling. */
function keepInAddress(fragment) {
  const url = location.pathname + location.search + fragment;
  if (url !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", url);
}

let current = null;
let remembered = null;

function init() {
  current = null;
  const root = document.querySelector(".md-content");
  const form = root?.querySelector("[data-challenge-form]");
  if (!form) return;
  current = new ChallengePage(root, form);
  current.start();
}

// A heading link on this page replaces the fragment; put the plan back once Material
// has scrolled, so a reload still shows it.
window.addEventListener("hashchange", () => {
  if (current && !readState(location.hash) && current.fragment()) {
    setTimeout(() => current && keepInAddress(current.fragment()), 0);
  }
});

// Material's instant navigation swaps pages without reloading this module; without
// Material's script (it failed to load), start once.
if (window.document$) window.document$.subscribe(init);
else init();
