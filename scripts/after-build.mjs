// Runs after `observable build` (npm run build): copies the training page's service worker,
// src/isolation-sw.js, unchanged to the root of dist/. Framework would build a .js file it is asked
// for as a module of the site, and rewrite it; a service worker must keep its fixed address and its
// text, and its .js name is one that every static host serves as JavaScript.
import {copyFileSync, existsSync} from "node:fs";
import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
if (!existsSync(join(dist, "index.html"))) throw new Error(`after-build: ${dist} has no built site; run it after observable build`);
copyFileSync(join(root, "src", "isolation-sw.js"), join(dist, "isolation-sw.js"));
console.error(`after-build: copied src/isolation-sw.js to ${join(dist, "isolation-sw.js")}`);
