// Data loader: the small copy-task model the course ships (data/weights/copy-small.safetensors,
// trained with `npm run -s transformer -- train --preset copy-small`), served as a site file.
import {readFileSync} from "node:fs";

process.stdout.write(readFileSync(new URL("../../data/weights/copy-small.safetensors", import.meta.url)));
