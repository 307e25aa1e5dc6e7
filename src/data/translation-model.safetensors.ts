// Data loader: the small German→English model the course ships (data/weights/translate-tiny.safetensors,
// trained with `npm run -s transformer -- train --preset translate-tiny`; docs/translation.md), served as a site file.
import {readFileSync} from "node:fs";

process.stdout.write(readFileSync(new URL("../../data/weights/translate-tiny.safetensors", import.meta.url)));
