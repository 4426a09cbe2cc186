// Quick exit: any element marked [data-tend-exit] (the corner link on every page,
// and any button a page adds) leaves for a neutral site, and so do two presses of
// Escape within a second. location.replace swaps this page out of the history,
// so the Back button does not bring it back.

const FALLBACK = "https://www.google.com/";
const DOUBLE_PRESS_MS = 1000;

function exitUrl() {
  const link = document.querySelector("a[data-tend-exit]");
  return (link && link.href) || FALLBACK;
}

export function leave(event) {
  if (event) event.preventDefault();
  document.documentElement.classList.add("tend-leaving");
  window.location.replace(exitUrl());
}

// Capture phase: runs before Material's instant navigation sees the click.
document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target.closest("[data-tend-exit]") : null;
  if (target) leave(event);
}, true);

let lastEscape = -Infinity;
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  if (event.timeStamp - lastEscape < DOUBLE_PRESS_MS) {
    leave(event);
  } else {
    lastEscape = event.timeStamp;
  }
});
