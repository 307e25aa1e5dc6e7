// Notes, the course's stored data as one file (export/import with strict checks), per-page reset,
// and the sanitising of notes (DOMPurify over jsdom's window, as in the browser).
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import createDOMPurify from "dompurify";
import {renderNote, type Purifier} from "../../src/editing/markdown.js";
import {
  BUNDLE_FORMAT,
  BUNDLE_LIMITS,
  BUNDLE_VERSION,
  clearPage,
  courseKeys,
  deleteNote,
  editKey,
  exportBundle,
  importBundle,
  loadEdit,
  loadNote,
  MemoryStore,
  noteKey,
  parseBundle,
  saveEdit,
  saveNote
} from "../../src/editing/store.js";

// jsdom (Framework's own dependency, and a dev dependency here) has no bundled types: a typed dynamic import.
const jsdomName = "jsdom";
const {JSDOM} = (await import(jsdomName)) as {JSDOM: new (html: string) => {window: {document: {body: unknown}}}};
const purifier = createDOMPurify(new JSDOM("").window as Parameters<typeof createDOMPurify>[0]) as unknown as Purifier;

function filled(): MemoryStore {
  const store = new MemoryStore();
  saveEdit(store, "attention", "0123abcd", "export function attention() {}", new Date("2024-01-01T00:00:00Z"));
  saveNote(store, "attention", "attention", "**scaling** matters", new Date("2024-01-02T00:00:00Z"));
  saveNote(store, "masking", "page", "a page note", new Date("2024-01-03T00:00:00Z"));
  store.setItem("unrelated", "keep me");
  return store;
}

const snapshot = (store: MemoryStore) => Object.fromEntries(Array.from({length: store.length}, (_, i) => store.key(i)!).map((k) => [k, store.getItem(k)]));

describe("notes", () => {
  test("save, load, edit and delete a note under a versioned key", () => {
    const store = new MemoryStore();
    assert.equal(loadNote(store, "attention", "page"), undefined);
    saveNote(store, "attention", "page", "first");
    assert.equal(loadNote(store, "attention", "page")?.text, "first");
    assert.equal(JSON.parse(store.getItem("course-note:attention/page")!).v, 1);
    saveNote(store, "attention", "page", "second");
    assert.equal(loadNote(store, "attention", "page")?.text, "second");
    deleteNote(store, "attention", "page");
    assert.equal(loadNote(store, "attention", "page"), undefined);
  });

  test("a note of another version or a broken entry is not loaded; bad names are refused", () => {
    const store = new MemoryStore();
    store.setItem(noteKey("a", "b"), JSON.stringify({v: 2, text: "future"}));
    assert.equal(loadNote(store, "a", "b"), undefined);
    store.setItem(noteKey("a", "b"), "{not json");
    assert.equal(loadNote(store, "a", "b"), undefined);
    assert.throws(() => noteKey("a/b", "c"));
    assert.throws(() => noteKey("a", ""));
  });

  test("clearPage removes the page's notes and its cells' edits, nothing else", () => {
    const store = filled();
    assert.equal(clearPage(store, "attention", ["attention"]), 2);
    assert.deepEqual(courseKeys(store), ["course-note:masking/page"]);
    assert.equal(store.getItem("unrelated"), "keep me");
  });
});

describe("export and import", () => {
  test("export holds every course entry and nothing else; import into an empty store restores them", () => {
    const store = filled();
    const bundle = exportBundle(store, new Date("2024-02-01T00:00:00Z"));
    assert.equal(bundle.format, BUNDLE_FORMAT);
    assert.equal(bundle.version, BUNDLE_VERSION);
    assert.deepEqual(Object.keys(bundle.entries), [editKey("attention", "0123abcd"), "course-note:attention/attention", "course-note:masking/page"]);
    const fresh = new MemoryStore();
    const result = importBundle(fresh, JSON.stringify(bundle));
    assert.ok(result.ok);
    assert.equal(result.edits, 1);
    assert.equal(result.notes, 2);
    assert.equal(loadNote(fresh, "attention", "attention")?.text, "**scaling** matters");
    const edit = loadEdit(fresh, "attention", "0123abcd");
    assert.equal(edit.state, "imported", "an imported edit waits for the reader's review");
    const own = loadEdit(store, "attention", "0123abcd");
    assert.deepEqual(edit.state === "imported" && edit.edit, own.state === "current" && {...own.edit, imported: true});
    assert.deepEqual(result.review, ["attention"]);
  });

  const good = () => exportBundle(filled());
  const bad: [string, () => string][] = [
    ["not JSON", () => "{oops"],
    ["an array", () => "[]"],
    ["another format", () => JSON.stringify({...good(), format: "something-else"})],
    ["another version", () => JSON.stringify({...good(), version: 2})],
    ["an unknown field", () => JSON.stringify({...good(), extra: 1})],
    ["entries not an object", () => JSON.stringify({...good(), entries: ["x"]})],
    ["an unknown key prefix", () => JSON.stringify({...good(), entries: {...good().entries, "evil:key": "{}"}})],
    ["a __proto__ key", () => JSON.stringify({...good()}).replace('"entries":{', '"entries":{"__proto__":"{}",')],
    ["a key with a slash in the cell id", () => JSON.stringify({...good(), entries: {"course-edit:a/b@0123abcd": JSON.stringify({code: ""})}})],
    ["a value that is not a string", () => JSON.stringify({...good(), entries: {"course-note:a/b": {v: 1, text: "x"}}})],
    ["a value that is not a stored note", () => JSON.stringify({...good(), entries: {"course-note:a/b": JSON.stringify({v: 1, text: 5})}})],
    ["an edit without code", () => JSON.stringify({...good(), entries: {"course-edit:a@0123abcd": JSON.stringify({savedAt: ""})}})],
    ["a value too long", () => JSON.stringify({...good(), entries: {"course-note:a/b": JSON.stringify({v: 1, text: "x".repeat(BUNDLE_LIMITS.valueChars)})}})],
    ["too many entries", () => JSON.stringify({...good(), entries: Object.fromEntries(Array.from({length: BUNDLE_LIMITS.entries + 1}, (_, i) => [`course-note:p/n${i}`, JSON.stringify({v: 1, text: ""})]))})]
  ];
  for (const [name, file] of bad) {
    test(`a file with ${name} is refused with a message and changes nothing`, () => {
      const store = filled();
      const before = snapshot(store);
      const result = importBundle(store, file());
      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.error.length > 0);
      assert.deepEqual(snapshot(store), before);
      assert.equal(parseBundle(file()).ok, false);
    });
  }

  test("a store that refuses a write midway is put back as it was", () => {
    const store = filled();
    const before = snapshot(store);
    let writes = 0;
    const original = store.setItem.bind(store);
    store.setItem = (k, v) => {
      if (++writes === 2) throw new Error("quota");
      original(k, v);
    };
    const file = JSON.stringify({...good(), entries: {"course-note:a/b": JSON.stringify({v: 1, text: "1"}), "course-note:masking/page": JSON.stringify({v: 1, text: "2"})}});
    const result = importBundle(store, file);
    assert.equal(result.ok, false);
    store.setItem = original;
    assert.deepEqual(snapshot(store), before);
  });
});

describe("rendering notes", () => {
  test("Markdown renders", () => {
    const html = renderNote("# Title\n\n**bold** and `code`\n\n- item", purifier);
    assert.match(html, /<h1>Title<\/h1>/);
    assert.match(html, /<strong>bold<\/strong>/);
    assert.match(html, /<code>code<\/code>/);
    assert.match(html, /<li>item<\/li>/);
  });

  test("no markup survives that can run script", () => {
    const hostile = [
      '<img src=x onerror="window.__pwned=1">',
      "<script>window.__pwned=2</script>",
      "[click](javascript:alert(1))",
      '<a href="javascript:alert(1)">x</a>',
      '<svg onload="alert(1)"></svg>',
      '<iframe src="javascript:alert(1)"></iframe>',
      '<div style="background:url(javascript:alert(1))" onclick="x()">d</div>',
      '<form action="javascript:alert(1)"><button>go</button></form>'
    ].join("\n\n");
    const html = renderNote(hostile, purifier);
    assert.doesNotMatch(html, /<script|<iframe|<svg|<form|onerror|onload|onclick|javascript:|style=/i, html);
    assert.match(renderNote("[ok](https://example.org)", purifier), /href="https:\/\/example.org"/);
  });

  test("maths in \\( … \\) and \\[ … \\] renders with KaTeX; code keeps its backslashes", () => {
    const html = renderNote("Scale by \\(\\frac{1}{\\sqrt{d_k}}\\), not `\\(x\\)`.\n\n\\[\nQK^\\top\n\\]", purifier);
    const shown = html.replace(/<annotation[^>]*>[^]*?<\/annotation>|<code>.*?<\/code>/g, "");
    assert.doesNotMatch(shown, /\\frac|\\\(|\\\[/, "a formula is left as TeX");
    assert.match(html, /<code>\\\(x\\\)<\/code>/, "a code span is not maths");
    assert.equal(html.match(/class="katex"/g)?.length, 2);
    assert.match(html, /class="katex-display"/, "\\[ … \\] is displayed");
    assert.match(html, /class="mfrac"/);
    assert.match(html, /<math [^>]*><semantics><mrow><mfrac><mn>1<\/mn><msqrt>/, "MathML for screen readers");
    assert.match(html, /<svg [^>]*><path d="M95,702/, "the root sign's SVG is kept");
  });

  test("maths in a note runs no script and makes no link", () => {
    const html = renderNote('\\(\\href{javascript:alert(1)}{x}\\) \\(\\url{javascript:alert(2)}\\) <span data-note-math="9"></span> \\(\\color{red" onmouseover="alert(3)}{x}\\)', purifier);
    const body = new JSDOM(`<body>${html}</body>`).window.document.body as unknown as HTMLElement;
    assert.equal(body.querySelectorAll("a, [href], [xlink\\:href], script").length, 0, html);
    const attributes = [...body.querySelectorAll("*")].flatMap((e) => [...e.attributes].map((a) => `${a.name}=${a.value}`));
    assert.deepEqual(attributes.filter((a) => /^on|javascript:/i.test(a)), [], html);
    assert.match(html, /katex-error/, "a command refused without trust is shown as an error");
  });
});

describe("notes make no request to another site", () => {
  const images = [
    ["![pixel](https://tracker.example/p.png)", "[image from another site blocked: tracker.example]"],
    ["![pixel](//tracker.example/p.png)", "[image from another site blocked: tracker.example]"],
    ['<img src="http://tracker.example:8080/p.png">', "[image from another site blocked: tracker.example:8080]"],
    ['<img src="/\\tracker.example/p.png">', "[image from another site blocked: tracker.example]"],
    ['<img src=" //tracker.example/p.png">', "[image from another site blocked: tracker.example]"],
    ['<img src="HTTPS://Tracker.Example/p.png">', "[image from another site blocked: tracker.example]"],
    ['<img src="data:text/html;base64,PGI+">', "[image blocked: a data: URL that is not an image]"]
  ] as const;

  test("an imported note's images from other sites are replaced by a placeholder naming the host", () => {
    const store = new MemoryStore();
    const text = images.map(([markup]) => markup).join("\n\n");
    const file = JSON.stringify({...exportBundle(new MemoryStore()), entries: {"course-note:attention/page": JSON.stringify({v: 1, text})}});
    assert.equal(importBundle(store, file).ok, true);
    const html = renderNote(loadNote(store, "attention", "page")!.text, purifier);
    assert.doesNotMatch(html, /<img/i, html);
    for (const [, placeholder] of images) assert.ok(html.includes(`<span class="blocked-image">${placeholder}</span>`), `${placeholder}: ${html}`);
  });

  test("images of this site, data: images and blob: images are kept; other media and fetching attributes are removed", () => {
    const html = renderNote(
      [
        "![a](images/a.png)",
        "![b](/b.png)",
        "![c](../c.png)",
        "![d](data:image/png;base64,iVBORw0KGgo=)",
        '<img src="blob:https://site.example/1234">',
        '<video poster="https://tracker.example/v.png" src="https://tracker.example/v.mp4"></video>',
        '<audio src="//tracker.example/a.mp3"></audio>',
        '<table background="//tracker.example/t.png"><tr><td background="//tracker.example/d.png">x</td></tr></table>'
      ].join("\n\n"),
      purifier
    );
    for (const src of ["images/a.png", "/b.png", "../c.png", "data:image/png;base64,iVBORw0KGgo=", "blob:https://site.example/1234"]) {
      assert.ok(html.includes(`src="${src}"`), `${src}: ${html}`);
    }
    assert.doesNotMatch(html, /tracker\.example/, html);
  });

  test("links to other sites are kept, with rel=noopener noreferrer", () => {
    const html = renderNote("[paper](https://arxiv.org/abs/1706.03762) and [page](attention)", purifier);
    assert.match(html, /<a href="https:\/\/arxiv.org\/abs\/1706.03762" rel="noopener noreferrer">paper<\/a>/);
    assert.match(html, /<a href="attention" rel="noopener noreferrer">page<\/a>/);
  });
});
