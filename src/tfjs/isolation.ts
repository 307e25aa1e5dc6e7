// Cross-origin isolation for the training page, so that TensorFlow.js's wasm backend can train on
// several threads. A host that sends the headers itself (docs/deploying.md) is isolated from the
// start; elsewhere our own service worker (src/isolation-sw.js) adds them, and the page reloads
// once when the worker first controls it. Where that cannot work (file://, no service workers,
// some private modes), the page trains single-threaded and says why.

const RELOADED = "isolation-reloaded"; // sessionStorage key: this tab already reloaded once for isolation

/** Why this page is not cross-origin isolated, or null when it is. */
export type Isolation = string | null;

function reloadedOnce(): boolean {
  try {
    const reloaded = sessionStorage.getItem(RELOADED) !== null;
    if (reloaded) sessionStorage.removeItem(RELOADED);
    else sessionStorage.setItem(RELOADED, "1");
    return reloaded;
  } catch {
    return true; // no sessionStorage: never reload, since a second reload could not be prevented
  }
}

/**
 * Whether Framework's preview server (npm run dev) serves this page: it serves only pages, modules
 * and files, not the service worker at the site's root. The page preloads Framework's client
 * script, whose name has no content hash there (in the built site it does: client.<hash>.js).
 */
function devServer(): boolean {
  return document.querySelector('link[rel="modulepreload"][href$="/_observablehq/client.js"]') !== null;
}

/**
 * Resolves to null when the page is cross-origin isolated and to the reason when it cannot be. The
 * first time, it registers the service worker at `serviceWorker` (the site's root) and reloads the
 * page, so its promise never resolves in that document.
 */
export async function crossOriginIsolation(serviceWorker: string): Promise<Isolation> {
  if (crossOriginIsolated) {
    sessionStorage.removeItem(RELOADED);
    return null;
  }
  if (!isSecureContext || !("serviceWorker" in navigator)) return "service workers are unavailable here";
  if (devServer()) return "npm run dev does not serve the service worker (the built site does)";
  try {
    await navigator.serviceWorker.register(serviceWorker);
    await navigator.serviceWorker.ready;
  } catch (error) {
    return `its service worker could not start (${error instanceof Error ? error.message : String(error)})`;
  }
  if (reloadedOnce()) return "reloaded under its service worker, but still not isolated";
  location.reload();
  return new Promise(() => {});
}
