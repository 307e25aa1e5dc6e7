// Types for the parts of Framework's standard library that the TypeScript modules import.
declare module "observablehq:stdlib" {
  export interface AbstractFile {
    readonly name: string;
    readonly href: string;
    url(): Promise<string>;
    arrayBuffer(): Promise<ArrayBuffer>;
    text(): Promise<string>;
    json(): Promise<unknown>;
  }
  export function FileAttachment(name: string): AbstractFile;
}
