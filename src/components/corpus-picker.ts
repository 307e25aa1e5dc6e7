// Where the tokenization page's sentences come from: the generated corpus, or the reader's own
// files, chosen with a file picker or dropped on the page. A Multi30k pair (train.de.gz +
// train.en.gz, gzip'd or not, paired by name) or a tab-separated file (ManyThings/Tatoeba: English,
// German, attribution; the columns are chosen here) is read in the browser (src/io/corpus-files.ts,
// gzip by DecompressionStream), kept in IndexedDB (src/io/corpus-store.ts) and used again on the
// next visit until "Forget it". Bad input is reported with the loader's error (file and line), and
// the corpus in use stays in use.
//
//   const corpus = view(corpusPicker({pairs: asPairs(generated.train), source: "the generated corpus"}));
import {readAlignedFiles, readTsvPairs, type LoadedCorpus, type SentencePair} from "../io/corpus-files.js";
import {forgetCorpus, loadCorpus, MY_CORPUS, saveCorpus} from "../io/corpus-store.js";
import {groupCorpusFiles} from "../lessons/tokens.js";
import {el} from "./dom.js";

export interface CorpusInUse {
  pairs: SentencePair[];
  /** Where the pairs come from, for captions. */
  source: string;
  fromFiles: boolean;
}

export type CorpusPicker = HTMLElement & {readonly value: CorpusInUse};

const count = (n: number) => n.toLocaleString("en");

/** The picker; its value is the corpus in use, the generated one until the reader's files load. */
export function corpusPicker(generated: {pairs: SentencePair[]; source: string}, storeKey = MY_CORPUS): CorpusPicker {
  let value: CorpusInUse = {...generated, fromFiles: false};
  let lastTsv: File | undefined; // re-read when its columns change
  let choseFiles = false; // the reader's choice wins over a stored corpus still loading

  const input = el("input", {type: "file", multiple: true, id: "corpus-files", accept: ".gz,.de,.en,.tsv,.txt"});
  const pick = el("label", {className: "course-input"}, el("span", {}, "Corpus files:"), input);
  const drop = el("div", {className: "corpus-drop", id: "corpus-drop", tabIndex: -1}, "… or drop them here: a Multi30k pair such as train.de.gz + train.en.gz, or one tab-separated file.");
  Object.assign(drop.style, {border: "2px dashed var(--theme-foreground-faint)", borderRadius: "6px", padding: "0.75rem", margin: "0.5rem 0", maxWidth: "640px"});
  const column = (id: string, label: string, initial: number) => {
    const box = el("input", {type: "number", id, min: "1", max: "20", step: "1", value: String(initial)});
    box.style.width = "4em";
    return {box, label: el("label", {className: "course-input"}, el("span", {}, label), box)};
  };
  const en = column("tsv-en-column", "Tab-separated: English in column", 1);
  const de = column("tsv-de-column", "German in column", 2);
  const status = el("p", {id: "corpus-status"});
  status.setAttribute("role", "status");
  const error = el("p", {className: "error", id: "corpus-error", hidden: true});
  error.setAttribute("role", "alert");
  const notes = el("p", {className: "corpus-notes", id: "corpus-notes", hidden: true});
  const forget = el("button", {type: "button", id: "corpus-forget", hidden: true}, "Forget it (back to the generated corpus)");
  const root = el("div", {className: "corpus-picker", id: "corpus-picker"}, pick, drop, el("div", {className: "corpus-columns"}, en.label, de.label), status, forget, error, notes) as unknown as CorpusPicker;
  Object.defineProperty(root, "value", {get: () => value});

  const show = (kept: string) => {
    status.textContent = `In use: ${value.source}, ${count(value.pairs.length)} pairs${kept}.`;
    forget.hidden = !value.fromFiles;
  };
  const use = (next: CorpusInUse, kept: string) => {
    value = next;
    show(kept);
    root.dispatchEvent(new Event("input", {bubbles: true}));
  };
  const say = (lines: string[]) => {
    notes.hidden = lines.length === 0;
    notes.textContent = lines.join(" ");
  };

  async function read(files: File[]): Promise<void> {
    choseFiles = true;
    error.hidden = true;
    const {aligned, tsv, ignored} = groupCorpusFiles(files);
    let loaded: LoadedCorpus;
    const others: string[] = [];
    try {
      if (aligned.length > 0) {
        loaded = await readAlignedFiles(aligned[0].src, aligned[0].tgt);
        others.push(...aligned.slice(1).map((a) => `${a.src.name} + ${a.tgt.name} not used (the page learns on one pair, the training split first).`));
        lastTsv = undefined;
      } else if (tsv.length > 0) {
        loaded = await readTsvPairs(tsv[0], {srcColumn: Number(de.box.value) - 1, tgtColumn: Number(en.box.value) - 1});
        lastTsv = tsv[0];
      } else {
        throw new Error(`No corpus among ${files.map((f) => f.name).join(", ") || "the files"}: ${ignored.join("; ")}.`);
      }
    } catch (e) {
      error.textContent = `${(e as Error).message} The corpus in use stays: ${value.source}.`;
      error.hidden = false;
      return;
    }
    say([...loaded.warnings.map((w) => `Note: ${w}.`), ...others, ...ignored.map((i) => `Ignored ${i}.`)]);
    const next = {pairs: loaded.pairs, source: loaded.source, fromFiles: true};
    let kept = " (kept in this browser)";
    try {
      await saveCorpus(storeKey, {pairs: next.pairs, source: next.source, savedAt: new Date().toISOString()});
    } catch (e) {
      kept = ` (not kept in this browser: ${(e as Error).message})`;
    }
    use(next, kept);
  }

  input.addEventListener("change", () => {
    void read(Array.from(input.files ?? []));
    input.value = ""; // choosing the same files again reads them again
  });
  const highlight = (on: boolean) => (drop.style.borderColor = on ? "var(--theme-foreground-focus)" : "var(--theme-foreground-faint)");
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    highlight(true);
  });
  drop.addEventListener("dragleave", () => highlight(false));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    highlight(false);
    void read(Array.from(event.dataTransfer?.files ?? []));
  });
  for (const box of [en.box, de.box]) box.addEventListener("change", () => lastTsv && value.fromFiles && void read([lastTsv]));
  stopInputEvents(input, en.box, de.box);
  forget.addEventListener("click", async () => {
    await forgetCorpus(storeKey).catch(() => undefined);
    lastTsv = undefined;
    say([]);
    error.hidden = true;
    use({...generated, fromFiles: false}, "");
  });

  show("");
  loadCorpus(storeKey).then(
    (stored) => {
      if (stored && !choseFiles) use({pairs: stored.pairs, source: stored.source, fromFiles: true}, ` (kept in this browser since ${stored.savedAt.slice(0, 10)})`);
    },
    () => undefined // no IndexedDB (a private window): the generated corpus stays
  );
  return root;
}

/** The controls' own input events must not reach the page as a change of the picker's value (which would learn BPE again). */
function stopInputEvents(...controls: HTMLInputElement[]): void {
  for (const control of controls) control.addEventListener("input", (event) => event.stopPropagation());
}
