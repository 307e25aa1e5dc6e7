// The training page's service worker: it re-serves the page and its worker scripts with the two
// headers that make a page cross-origin isolated, which a static host (GitHub Pages) cannot send
// itself. Isolated, the page may share memory with its workers, and TensorFlow.js's wasm backend
// then trains on several threads. The training page registers it (src/tfjs/isolation.ts);
// docs/deploying.md has the headers for hosts that can send them. The site loads nothing from
// another origin, so `require-corp` blocks nothing.
//
// `npm run build` copies this file as it is to the site's root (scripts/after-build.mjs), after
// Framework, which would build a .js file it is asked for as a module of the site and rewrite it.
// A service worker's address must not change between builds, and its scope (at most its folder)
// must hold the training worker's script too, which browsers match against the scope by its own
// address (`_import/training/...`). So it serves the whole site, and every page it controls is
// isolated; pages other than the training page run TensorFlow.js single-threaded all the same.
// It is a plain script with no imports, so it runs in every browser that has service workers, and
// its name ends in .js, which every static host serves as JavaScript (not every host knows .mjs,
// and a browser refuses a service worker served as application/octet-stream).

const ISOLATING_HEADERS = {"Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp"};

/** The same response with the isolating headers added. */
function isolated(response) {
  if (response.type === "opaque" || response.type === "opaqueredirect") return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATING_HEADERS)) headers.set(name, value);
  return new Response(response.body, {status: response.status, statusText: response.statusText, headers});
}

// A new version takes over at once rather than after every tab of the course is closed.
self.addEventListener("install", () => self.skipWaiting());

// Only documents and worker scripts carry the policy; other same-origin files need no header.
self.addEventListener("fetch", (event) => {
  const {request} = event;
  if (new URL(request.url).origin !== self.location.origin) return;
  if (request.mode !== "navigate" && request.destination !== "worker") return;
  event.respondWith(fetch(request).then(isolated));
});
