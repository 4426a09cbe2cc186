// "Skip to content" moves keyboard focus, not only the scroll position: the target
// heading takes focus, so the next Tab lands inside the content. Material's instant
// navigation may handle the same-page link itself, which leaves focus behind.

document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a.md-skip") : null;
  if (!link) return;
  const id = decodeURIComponent(new URL(link.href).hash.slice(1));
  const target = id && document.getElementById(id);
  if (!target) return;
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  // After Material's own handler (if any) has run, so focus stays where we put it.
  requestAnimationFrame(() => target.focus());
}, true);
