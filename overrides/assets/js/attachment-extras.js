// Additions to the attachment self-check page (attachment.js draws the form and result):
// "Save on this device", "Share with your partner", and, when the page was opened from a
// partner's link, both points on one plot with a note on the pairing. Decoding and
// comparing happen in Python (quizzes/sharecode.py, quizzes/compare.py) on Pyodide.
import { plot } from "./attachment.js";
import { getEngine } from "./engine.js";
import { copyLink, el, partnerCode, saveResult, shareLink, showStored, siteLink } from "./tools-common.js";

const TOOL = "attachment";
const engine = getEngine();
let teardown = null;
let partner = null;  // the decoded partner result for this page view, never stored

function historyUrl() {
  return siteLink("tools/history/");
}

async function readPartner(root) {
  let box = root.querySelector("[data-tend-partner]");
  const code = partnerCode();
  partner = null;
  if (code === null) {
    if (box) box.hidden = true;
    return;
  }
  if (!box) {
    box = el("section", { class: "tend-partner", "data-tend-partner": "", "aria-labelledby": "tend-partner-title" },
      el("h2", { id: "tend-partner-title", text: "Your partner's result" }), el("p", { "data-tend-partner-message": "" }));
    root.querySelector("[data-quiz-form]").before(box);
  }
  const message = box.querySelector("[data-tend-partner-message]");
  box.hidden = false;
  box.classList.remove("tend-partner--error");
  message.textContent = "Reading your partner's link…";
  try {
    partner = await engine.call("share.decode", { code, tool: TOOL });
    message.replaceChildren(
      "Your partner has shared their two scores with you. Answer the statements yourself, then press ",
      "\"See my result\" to see both points on one plot. ",
      el("strong", { text: "Only if you feel safe together: " }),
      "comparing is not meant for relationships with fear, pressure or violence; ",
      el("a", { href: siteLink("get-help/"), text: "Get help" }), " lists confidential support.");
  } catch (error) {
    box.classList.add("tend-partner--error");
    message.textContent = `Your partner's link cannot be used. ${error.message}`;
  }
}

async function comparison(result, definition) {
  const c = await engine.call("share.compare", { tool: TOOL, mine: result, partner, definition });
  return el("section", { class: "tend-compare", "data-tend-compare": "", "aria-labelledby": "tend-compare-title" },
    el("h3", { id: "tend-compare-title", text: "You and your partner, side by side" }),
    plot(result, definition, { scores: c.partner.scores, name: c.partner.pattern.name }),
    el("p", { text: `Your nearest pattern: ${c.mine.pattern.name}. Your partner's: ${c.partner.pattern.name}. The circle is you; the square is your partner.` }),
    el("h4", { text: c.pairing.title }),
    el("p", { text: c.pairing.text }),
    el("p", { class: "tend-tool-safety", text: c.safety }));
}

function actions(result, definition) {
  const saveMessage = el("p", { role: "status" });
  const save = el("button", { type: "button", class: "md-button", "data-tend-save": "", text: "Save on this device" });
  save.addEventListener("click", () => saveResult(TOOL, result, saveMessage, historyUrl()));

  const linkInput = el("input", { type: "text", id: "tend-share-link-attachment", class: "tend-share__link", readonly: "", "data-tend-share-link": "" });
  const copyMessage = el("p", { role: "status" });
  const copy = el("button", { type: "button", class: "md-button", text: "Copy link" });
  copy.addEventListener("click", () => copyLink(linkInput, copyMessage));
  const out = el("div", { "data-tend-share-out": "" },
    el("label", { for: "tend-share-link-attachment", text: "Link for your partner" }), linkInput, copy, copyMessage);
  out.hidden = true;
  const share = el("button", { type: "button", class: "md-button", "data-tend-share": "", text: "Share with your partner" });
  share.addEventListener("click", async () => {
    try {
      linkInput.value = await shareLink(TOOL, result, definition);
      out.hidden = false;
      linkInput.focus();
      linkInput.select();
    } catch (error) {
      out.hidden = false;
      copyMessage.textContent = error.message;
    }
  });

  return el("div", { class: "tend-tool tend-extras", "data-tend-extras": "" },
    el("div", { class: "tend-actions" }, save,
      el("p", { class: "tend-actions__note" }, "Saving keeps only your two scores and the nearest pattern, with today's date, in this browser. Nothing is sent anywhere. ",
        el("a", { href: historyUrl(), text: "See or forget saved results" }), "."),
      saveMessage),
    el("div", { class: "tend-actions tend-share" },
      el("h3", { text: "Compare with your partner" }),
      el("p", { class: "tend-tool-safety" }, el("strong", { text: "Only if you feel safe together. " }),
        "Comparing results is meant for couples without fear, pressure or control. If there is fear, coercion or violence in your relationship, please skip this; ",
        el("a", { href: siteLink("get-help/"), text: "Get help" }), " lists confidential support."),
      el("p", { text: "The link holds your two scores (anxiety and avoidance) and nothing else: not your answers, no names, no notes. The part after \"#\" never leaves your partner's browser." }),
      share, out));
}

async function onResult(event) {
  const { tool, result, definition, box } = event.detail;
  if (tool !== TOOL) return;
  for (const old of box.querySelectorAll("[data-tend-extras], [data-tend-compare]")) old.remove();
  const retake = box.querySelector("[data-retake]");
  const anchor = retake ? retake.closest("p") : null;
  const extras = actions(result, definition);
  if (anchor) anchor.before(extras);
  else box.append(extras);
  if (partner) {
    try {
      box.querySelector("[data-result-body]").prepend(await comparison(result, definition));
    } catch (error) {
      box.querySelector("[data-result-body]").prepend(el("p", { class: "tend-partner--error", "data-tend-compare": "", text: error.message }));
    }
  }
}

function init() {
  if (teardown) teardown.abort();
  teardown = null;
  const root = document.querySelector(`[data-quiz="${TOOL}"]`);
  if (!root) return;
  teardown = new AbortController();
  if (!root.querySelector("[data-tend-stored]")) {
    root.prepend(el("p", { class: "tend-stored", "data-tend-stored": "", "data-history": historyUrl(), role: "status" }));
  }
  showStored(root);
  root.addEventListener("tend:result", onResult, { signal: teardown.signal });
  window.addEventListener("hashchange", () => readPartner(root), { signal: teardown.signal });
  readPartner(root);
}

if (window.document$) window.document$.subscribe(() => init());
else init();
