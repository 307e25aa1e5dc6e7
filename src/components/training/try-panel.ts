// Try the model: for a copy-task model, decode a typed source, show each step's top tokens and
// every attention map; for a translator, translate a typed German sentence (greedy or beam search)
// and show the subwords the model saw.
import {readIds} from "../../lessons/results.js";
import {PRESETS} from "../../training/presets.js";
import type {DecodeResult} from "../../worker/protocol.js";
import type {TrainingSession} from "../../worker/session.js";
import {SEED_SENTENCE, renderSentence} from "../../corpus/index.js";
import {drawAttentionGrids} from "../attention-grid.js";
import {el} from "../dom.js";
import {panel, pct} from "./controls.js";

export function tryPanel(session: TrainingSession): HTMLElement {
  const root = el("div", {id: "try-model"});
  const input = el("input", {type: "text", id: "try-src", value: "1 3 5 7 9 2 4 6 8 10", spellcheck: false});
  input.style.cssText = "font: 14px var(--monospace); width: min(100%, 24rem);";
  const greedy = el("code", {id: "try-greedy", textContent: "–"});
  const message = el("p", {id: "try-error", className: "tp-error"});
  const beams = el("div", {id: "try-beams", className: "tp-box"});
  const steps = el("div", {id: "try-steps", className: "tp-box"});
  const maps = el("div", {id: "train-attention"});
  const label = el("span");
  // The outputs' headings and tables, hidden while there is nothing to show (no model, or an input that cannot be read).
  const outputs = el("div", {id: "try-outputs", hidden: true});
  const copyBox = el("div", {id: "try-copy"});
  const translator = translateBox(session);
  let seq = 0;
  let attentionAt = 0;

  async function refresh(withAttention: boolean): Promise<void> {
    const mine = ++seq;
    const translating = session.model?.task === "translation";
    copyBox.hidden = translating;
    translator.root.hidden = !translating;
    if (translating) {
      clear();
      return translator.refresh();
    }
    if (!session.model) {
      clear();
      message.textContent = "No model yet: start a run, or load one below.";
      return;
    }
    const vocab = session.model.vocab;
    label.textContent = idsLabel(vocab);
    const read = readIds(input.value, vocab);
    if (read.error !== null) {
      clear();
      message.textContent = `Cannot read that: ${read.error}.`;
      return;
    }
    try {
      const out = await session.decode(read.ids, 4);
      if (mine !== seq) return;
      message.textContent = "";
      show(out);
      outputs.hidden = false;
      if (withAttention) {
        const m = await session.attention(read.ids);
        if (mine !== seq) return;
        // The width of each layer's grid: as many heads per row as fit at 140 px or more each.
        const width = Math.min(root.clientWidth || 640, 900);
        const grid = (layers: number[][][][], title: string, x: string, y: string, id: string) => ({maps: layers, options: {title, x, y, id, width}});
        await drawAttentionGrids(
          maps,
          [
            grid(m.encoderSelf, "Encoder self-attention", "key (source position)", "query (source position)", "train-maps-encoder-self"),
            grid(m.decoderSelf, "Decoder self-attention", "key (target position)", "query (target position)", "train-maps-decoder-self"),
            grid(m.decoderSource, "Decoder source attention", "key (source position)", "query (target position)", "train-maps-decoder-source")
          ],
          () => mine === seq
        );
      }
    } catch (error) {
      if (mine === seq) {
        clear();
        message.textContent = (error as Error).message;
      }
    }
  }

  function clear(): void {
    greedy.textContent = "–";
    beams.replaceChildren();
    steps.replaceChildren();
    maps.replaceChildren();
    outputs.hidden = true;
  }

  function show(out: DecodeResult): void {
    greedy.textContent = out.greedy.join(" ");
    const table = (head: string[], rows: string[][]) =>
      el("table", {}, el("thead", {}, el("tr", {}, ...head.map((h) => el("th", {textContent: h})))), el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c) => el("td", {textContent: c}))))));
    beams.replaceChildren(table(["beam", "ids", "score"], out.beams.map((b, i) => [String(i + 1), b.ids.join(" "), b.score.toFixed(3)])));
    steps.replaceChildren(
      table(
        ["position", "1st", "2nd", "3rd"],
        out.steps.map((st) => [String(st.position), ...st.top.map((t) => `${t.id} (${pct(t.prob)})`)])
      )
    );
  }

  input.addEventListener("input", () => void refresh(true));
  session.on("model", () => void refresh(true));
  session.on("evaluation", () => {
    // Attention maps redraw at most every 2 s during training.
    const now = performance.now();
    const withAttention = now - attentionAt > 2000;
    if (withAttention) attentionAt = now;
    void refresh(withAttention);
  });
  session.on("state", ({state}) => {
    if (state === "finished" || state === "stopped" || state === "idle" || state === "failed") void refresh(true);
  });

  label.textContent = idsLabel(PRESETS["copy-tiny"].vocab); // the copy task's, until a model gives its own
  outputs.append(
    el("h3", {textContent: "Beam search (beam 4, length penalty α = 0.6)"}),
    beams,
    el("h3", {textContent: "Greedy decoding, step by step: the three most likely next tokens"}),
    steps,
    el("h3", {textContent: "Attention, every layer and head"}),
    el("p", {className: "tp-note", textContent: "Redrawn at most every two seconds while training, with the model's own greedy output as the decoder's input."}),
    maps
  );
  copyBox.append(el("label", {htmlFor: "try-src", className: "course-input"}, label, input), message, el("p", {}, "Greedy output: ", greedy), outputs);
  root.append(copyBox, translator.root);
  void refresh(true);
  return panel(root);
}

/** A translator's box: German in, English out, with the subwords the model saw (and those that became <unk>). */
function translateBox(session: TrainingSession): {root: HTMLElement; refresh: () => Promise<void>} {
  const text = el("input", {type: "text", id: "try-de", value: renderSentence(SEED_SENTENCE).de, spellcheck: false});
  text.style.cssText = "width: min(100%, 32rem);";
  text.lang = "de";
  const beam = el("select", {id: "try-beam"}, new Option("greedy", "1"), new Option("beam search, 4 hypotheses (α = 0.6)", "4"));
  const english = el("output", {id: "try-translation", textContent: "–"});
  english.lang = "en";
  const pieces = el("p", {id: "try-pieces", className: "tp-note"});
  const message = el("p", {id: "try-translate-error", className: "tp-error"});
  const root = el(
    "div",
    {id: "try-translate", hidden: true},
    el("label", {htmlFor: "try-de", className: "course-input"}, el("span", {textContent: "German "}), text),
    el("label", {htmlFor: "try-beam", className: "course-input"}, el("span", {textContent: "Decoding "}), beam),
    el("p", {}, "English: ", english),
    pieces,
    message,
    el("p", {className: "tp-note", textContent: "The Results page translates with every model you keep, and draws its attention."})
  );
  let seq = 0;
  async function refresh(): Promise<void> {
    const mine = ++seq;
    if (session.model?.task !== "translation") return;
    if (text.value.trim() === "") {
      english.textContent = "–";
      pieces.textContent = "";
      message.textContent = "Type a German sentence.";
      return;
    }
    try {
      const out = await session.translate(text.value, Number(beam.value));
      if (mine !== seq) return;
      english.textContent = out.translation || "(nothing: the model ended the sentence at once)";
      const unknown = new Set(out.unknown);
      pieces.textContent = `The model saw ${out.pieces.length} tokens: ${out.pieces.map((p, i) => (unknown.has(i) ? `${p} (<unk>)` : p)).join(" · ")}${unknown.size ? `; ${unknown.size} outside the vocabulary became <unk>` : ""}.`;
      message.textContent = "";
    } catch (error) {
      if (mine === seq) {
        english.textContent = "–";
        message.textContent = (error as Error).message;
      }
    }
  }
  text.addEventListener("input", () => void refresh());
  beam.addEventListener("change", () => void refresh());
  return {root, refresh};
}

/** What the input accepts, in the words of readIds' error: every id of the vocabulary. */
const idsLabel = (vocab: number) => `Source ids, each between 0 and ${vocab - 1} (0 is padding; a copy-task source is the start token 1, then ids from 1 to ${vocab - 1}) `;
