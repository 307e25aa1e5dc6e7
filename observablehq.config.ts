// Observable Framework's configuration for the course site. See docs/architecture.md.
import {readFileSync} from "node:fs";
import markdownMath from "./scripts/markdown-math.js";

// Framework's markup made accessible, and keyboard access to sideways-scrolling boxes (see the file).
const pageHeadScript = readFileSync(new URL("./scripts/page-head.js", import.meta.url), "utf8");

export default {
  root: "src",
  title: "The Annotated Transformer, in TypeScript",
  // The course's reading order; Framework adds previous/next links from it.
  pages: [
    {name: "Start here", path: "/index"},
    {name: "Background", path: "/background"},
    {name: "Model architecture", path: "/architecture"},
    {name: "Embeddings and positional encoding", path: "/embeddings"},
    {name: "Attention", path: "/attention"},
    {name: "Multi-head attention", path: "/multi-head-attention"},
    {name: "Masking", path: "/masking"},
    {name: "Encoder and decoder stacks", path: "/stacks"},
    {name: "The full model", path: "/full-model"},
    {name: "Batches and label shifting", path: "/batches"},
    {name: "Loss, label smoothing and the learning rate", path: "/loss-and-schedule"},
    {name: "Training", path: "/training"},
    {name: "Results", path: "/results"},
    {name: "Additional components", path: "/additional-components"},
    {name: "A real-world example: sentences and tokens", path: "/tokens"},
    {name: "Further reading", path: "/further-reading"}
  ],
  style: "style.css",
  // No Google Fonts (the default), no request to any other origin.
  globalStylesheets: [],
  head: `<meta name="color-scheme" content="light dark"><link rel="icon" href="/favicon.svg" type="image/svg+xml"><script>${pageHeadScript}</script>`,
  footer: "A course that builds the Transformer of “Attention Is All You Need” (Vaswani et al., 2017), after The Annotated Transformer (Harvard NLP).",
  // Links end in .html and folders in /index.html, so the site works on any static host and under a subpath.
  preserveExtension: true,
  preserveIndex: true,
  search: true,
  markdownIt: markdownMath
};
