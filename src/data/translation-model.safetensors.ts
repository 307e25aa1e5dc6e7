// Data loader: the translation model the course ships (data/weights/translate-tiny.safetensors,
// trained with `npm run -s transformer -- train --preset translate-tiny`), served as a site file.
import {readFileSync} from "node:fs";

process.stdout.write(readFileSync(new URL("../../data/weights/translate-tiny.safetensors", import.meta.url)));
