// Registers the service worker (site root sw.js) so the site works offline after
// this first visit. Paths are relative to this module, so any sub-path works.

const root = new URL("../../", import.meta.url);

if ("serviceWorker" in navigator && root.protocol.startsWith("http")) {
  const register = () =>
    navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.pathname })
      .catch((error) => console.warn("Tend: offline copy unavailable:", error.message));
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
}
