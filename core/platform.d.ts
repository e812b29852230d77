// The few runtime globals core/ may rely on: present in Node, workers, Electron and every browser.
// Declared here because core/ compiles without Node or DOM type libraries (tsconfig.core.json).
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string);
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
