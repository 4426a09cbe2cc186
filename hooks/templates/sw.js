// Tend's service worker: after one visit, the whole site works with no network;
// after a self-check has run once, the self-checks do too. Generated at build by hooks/platform_hook.py from hooks/templates/sw.js.
//
// One cache per build, named by a hash of every file in it. A new build installs
// completely into its own cache (addAll is all-or-nothing) and waits until no tab
// still uses the old one; then it takes over and deletes the old cache. A tab is
// therefore served by one build from start to finish: never a mix of old and new.

const VERSION = "__TEND_VERSION__";
const FILES = ["__TEND_FILES__"];
// Pyodide's runtime: kept in the same versioned cache, but only once a tool fetches it.
const ON_DEMAND = new Set(["__TEND_ON_DEMAND__"]);
const CACHE = `tend-${VERSION}`;
const SCOPE = new URL("./", self.location).href;
const ON_DEMAND_KEYS = new Set([...ON_DEMAND].map((f) => new URL(f, SCOPE).href));

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // cache: "reload" skips the HTTP cache, so the new cache holds this build's bytes.
    await cache.addAll(FILES.map((f) => new Request(new URL(f, SCOPE), { cache: "reload" })));
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith("tend-") && key !== CACHE) await caches.delete(key);
    }
    // The very first visit: take charge of the open tab, so it works offline too.
    await self.clients.claim();
  })());
});

function cacheKey(url) {
  let key = url.origin + url.pathname;   // query and fragment do not change the file
  if (key.endsWith("/index.html")) key = key.slice(0, -"index.html".length);
  return key;
}

// An on-demand file streams to the page as it arrives (the engine compiles its
// WebAssembly while downloading) and is kept once the page has read all of it. One the
// page gives up on (the engine drops its snapshot on a slow link) is neither downloaded
// further nor kept.
function keepWhenRead(response, key, cache, event) {
  const reader = response.body.getReader();
  const chunks = [];
  let settle;
  event.waitUntil(new Promise((resolve) => { settle = resolve; }));
  const body = new ReadableStream({
    async pull(controller) {
      let next;
      try {
        next = await reader.read();
      } catch (error) {
        settle();
        throw error;  // the page sees the download fail, as it would without us
      }
      if (!next.done) {
        chunks.push(next.value);
        controller.enqueue(next.value);
        return;
      }
      controller.close();
      // A full quota only means this file is fetched again next time.
      cache.put(key, new Response(new Blob(chunks), { headers: response.headers })).catch(() => {}).finally(settle);
    },
    cancel(reason) {
      settle();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

async function respond(request, event) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(cacheKey(new URL(request.url)));
  if (hit) return hit;
  try {
    const response = await fetch(request);
    const key = cacheKey(new URL(request.url));
    if (response.ok && response.body && ON_DEMAND_KEYS.has(key)) return keepWhenRead(response, key, cache, event);
    return response;
  } catch (error) {
    if (request.mode === "navigate") {
      const missing = await cache.match(new URL("404.html", SCOPE).href);
      if (missing) return missing;
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  event.respondWith(respond(request, event));
});

self.addEventListener("message", (event) => {
  if (event.data === "tend:version" && event.source) event.source.postMessage({ version: VERSION });
});
