// jsonc-parser's tokenizer alone, from its ES module build (the package's main entry is a UMD
// build that bundlers cannot follow); the package's main entry carries the types.
declare module 'jsonc-parser/lib/esm/impl/scanner.js' {
  export { createScanner } from 'jsonc-parser';
}
