// A static file server for the built site, on 127.0.0.1, mounted under a subpath to prove that the
// site works when deployed anywhere but a host's root. It serves files only, with no clean-URL
// rewriting, as the plainest static host would.
import {createReadStream} from "node:fs";
import {stat} from "node:fs/promises";
import {createServer, type Server} from "node:http";
import {extname, join, normalize, sep} from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".safetensors": "application/octet-stream",
  ".txt": "text/plain; charset=utf-8"
};

/** The types the plainest static host knows; everything else is application/octet-stream. */
const MINIMAL_TYPES: Record<string, string> = {
  ".html": TYPES[".html"],
  ".js": TYPES[".js"],
  ".css": TYPES[".css"],
  ".wasm": TYPES[".wasm"],
  ".json": TYPES[".json"]
};

export interface ServeOptions {
  /** "minimal": only html, js, css, wasm and json have a type, as on a host with a small MIME table. */
  types?: "full" | "minimal";
}

export interface StaticSite {
  /** The site's address, ending in "/", e.g. http://127.0.0.1:41234/course/ */
  url: string;
  close(): Promise<void>;
}

export async function serveStatic(dir: string, mount = "/course/", {types = "full"}: ServeOptions = {}): Promise<StaticSite> {
  const root = normalize(dir);
  const table = types === "minimal" ? MINIMAL_TYPES : TYPES;
  const server: Server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    if (!pathname.startsWith(mount)) return void response.writeHead(404).end("not found");
    let file = normalize(join(root, pathname.slice(mount.length)));
    if (file !== root && !file.startsWith(root + sep)) return void response.writeHead(403).end("forbidden");
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      await stat(file);
    } catch {
      return void response.writeHead(404).end("not found");
    }
    response.writeHead(200, {"content-type": table[extname(file)] ?? "application/octet-stream"});
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("static server has no port");
  return {
    url: `http://127.0.0.1:${address.port}${mount}`,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  };
}
