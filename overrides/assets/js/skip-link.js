// "Skip to content" moves keyboard focus, not only the scroll position: the target
// heading takes focus, so the next Tab lands inside the content. Material's instant
// navigation would handle this same-page link itself and drop focus on <body>, so
// the click is handled here, first (capture phase), and goes no further.

document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a.md-skip") : null;
  if (!link) return;
  const id = decodeURIComponent(new URL(link.href).hash.slice(1));
  const target = id && document.getElementById(id);
  if (!target) return;
  event.preventDefault();
  event.stopImmediatePropagation();
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  history.pushState(history.state, "", "#" + encodeURIComponent(id));
  target.scrollIntoView();
  target.focus({ preventScroll: true });
}, true);
