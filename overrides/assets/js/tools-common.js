// Shared by the self-check pages and the saved-results page (all scored by Pyodide in the
// engine's worker): small DOM helpers, the one
// localStorage key Tend writes (only when the visitor presses "Save on this device"),
// and the at-a-glance line saying whether anything is stored on this device.
// Everything shown is built with textContent / setAttribute, never innerHTML.
import { getEngine, SITE_ROOT } from "./engine.js";

export const HISTORY_KEY = "tend:history";
const SVG_NS = "http://www.w3.org/2000/svg";

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

export function svg(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== null) node.textContent = text;
  return node;
}

/** A site-relative URL from a definition or result (e.g. "guide/boundaries/#x"), made absolute. */
export function siteLink(url) {
  return new URL(url, SITE_ROOT).href;
}

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;  // storage switched off: saving is then impossible, and said so
  }
}

export function storageAvailable() {
  const s = storage();
  if (!s) return false;
  try {
    s.setItem("tend:probe", "1");
    s.removeItem("tend:probe");
    return true;
  } catch {
    return false;
  }
}

/** The saved history exactly as stored (a string), or null if nothing is saved. */
export function readHistory() {
  const s = storage();
  return s ? s.getItem(HISTORY_KEY) : null;
}

export function writeHistory(text) {
  storage().setItem(HISTORY_KEY, text);
  announceStored();
}

function keys(store, test) {
  const found = [];
  for (let i = 0; store && i < store.length; i++) {
    const key = store.key(i);
    if (key && test(key)) found.push(key);
  }
  return found;
}

/** Every key Tend has written in this browser (results, and anything else of ours). */
export function tendKeys() {
  return keys(storage(), (key) => key.startsWith("tend"));
}

// The theme (Material) keeps its own small settings, such as the colour scheme, under
// keys like "/.__palette": they too show that the site was used, so forgetting removes them.
const THEME_KEY = /^\/.*\.__[a-z]+$/;

export function forgetEverything() {
  const local = storage();
  for (const key of [...tendKeys(), ...keys(local, (k) => THEME_KEY.test(k))]) local.removeItem(key);
  let session = null;
  try { session = window.sessionStorage; } catch { /* switched off */ }
  for (const key of keys(session, (k) => k.startsWith("tend") || THEME_KEY.test(k))) session.removeItem(key);
  announceStored();
}

/** Fill every `[data-tend-stored]` line: does this device hold anything from Tend? */
export function showStored(root = document) {
  for (const line of root.querySelectorAll("[data-tend-stored]")) {
    const keys = tendKeys();
    line.replaceChildren();
    line.classList.toggle("tend-stored--some", keys.length > 0);
    if (!keys.length) {
      line.textContent = "No results are saved on this device.";
      continue;
    }
    const here = line.closest("[data-tend-history]");
    line.append("Results are saved on this device. ");
    if (!here) line.append(el("a", { href: line.dataset.history, text: "See or forget them" }), ".");
    else line.append("You can see and forget them on this page.");
  }
}

function announceStored() {
  showStored();
  document.dispatchEvent(new CustomEvent("tend:stored"));
}

/** "now" as the engine expects it; tests move the browser clock, nothing else. */
export function nowISO() {
  return new Date().toISOString();
}

export function formatDate(iso) {
  return new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
}

/** Save a scored result (only ever on the visitor's request); fills `message` either way. */
export async function saveResult(tool, result, message, historyUrl) {
  if (!storageAvailable()) {
    message.textContent = "This browser is not letting Tend save anything (storage is switched off or full). Nothing was saved.";
    return;
  }
  try {
    const out = await getEngine().call("history.add", { text: readHistory(), tool, result, saved_at: nowISO() });
    writeHistory(out.text);
    message.replaceChildren(
      `Saved on this device, dated ${formatDate(nowISO())}. ${out.count} saved ${out.count === 1 ? "result" : "results"} in all. `,
      el("a", { href: historyUrl, text: "See your saved results" }), ".");
  } catch (error) {
    message.replaceChildren(`Not saved. ${error.message} `,
      el("a", { href: historyUrl, text: "Go to your saved results" }), ".");
  }
}

/** The link a partner opens: this page, with the result's share code in the fragment. */
export async function shareLink(tool, result, definition) {
  const { code } = await getEngine().call("share.encode", { tool, result, definition });
  return `${location.origin}${location.pathname}#partner=${code}`;
}

/** The partner code in the URL fragment (`#partner=...`), or null. */
export function partnerCode() {
  const match = /(?:^#|&)partner=([^&]*)/.exec(location.hash);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

export async function copyLink(input, message) {
  try {
    await navigator.clipboard.writeText(input.value);
    message.textContent = "Link copied. Send it to your partner however you like.";
  } catch {
    input.select();
    message.textContent = "Copying was not allowed here: the link is selected, so you can copy it yourself.";
  }
}
