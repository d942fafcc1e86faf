// Writes a generated file only when its bytes change: the .so embeds the bundle and the static
// files, and the shim includes the generated headers, so an unchanged output must keep its mtime
// or every build relinks.
import { readFileSync, writeFileSync } from 'node:fs';

/** Writes `contents` (text or bytes) to `file` unless the file already holds exactly them. */
export function writeIfChanged(file, contents) {
  const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : Buffer.from(contents.buffer, contents.byteOffset, contents.byteLength);
  let old;
  try {
    old = readFileSync(file);
  } catch {
    old = undefined;
  }
  if (old === undefined || !old.equals(bytes)) writeFileSync(file, bytes);
}
