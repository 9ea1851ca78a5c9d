/**
 * JSON.stringify escapes C0 controls but writes DEL, the C1 controls and U+2028/U+2029 raw, so
 * `cat report.json` could still hand a CSI (U+009B) from a bucket name to the terminal. Escaping
 * them as \uXXXX keeps the data byte-for-byte after parsing and the file valid JSON; outside
 * strings JSON text holds none of them, so the replacement only ever touches string contents.
 */
export const terminalSafeJson = (value: unknown, indent?: number): string =>
  JSON.stringify(value, null, indent).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
