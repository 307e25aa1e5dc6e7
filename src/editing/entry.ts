// What the catalogue says of an editable library function (src/editing/catalogue.ts for the
// model's components, src/editing/text-catalogue.ts for byte-pair encoding): types only.
import type {encodeWord, learnBpe} from "../text/bpe.js";
import type {ComponentName, Components} from "../training/components.js";
import type {CheckCase} from "./check.js";

/** The editable functions of the text layer: byte-pair encoding's learning and encoding. */
export type TextFunctions = {learnBpe: typeof learnBpe; encodeWord: typeof encodeWord};
export type TextName = keyof TextFunctions;
/** Every editable cell's function: the components, and the text functions. */
export type EditableName = ComponentName | TextName;
export type Editables = Components & TextFunctions;

export interface EditableFunction<K extends EditableName = EditableName> {
  name: K; // the function, the cell's id and the component's name
  title: string; // what it is, in the paper's words
  path: string; // its module, from the repository root
  region: string; // its `// #region` in the module
  page: string; // the page its cell is on (a path in observablehq.config.ts, without the slash)
  reference: Editables[K];
  scope: Record<string, unknown>; // the module's value imports (and module-level helpers the region uses)
  cases: () => CheckCase[]; // fixed inputs; fresh tensors on each call
  hints: string[]; // shown in exercise mode, where the body is blanked to a TODO
  returnsValue?: true; // it returns plain values (arrays of symbols), which Check compares for equality
}
