/**
 * Terminal text helpers for the table reporter: visible width (what a terminal draws, not what
 * `.length` counts), padding and truncation by that width, ANSI styling, and neutralising control
 * characters that arrive inside cloud-supplied strings.
 */

const ANSI_SGR = /\x1b\[[0-9;]*m/g;

/** Removes SGR colour sequences, which take no columns on screen. */
export const stripAnsi = (text: string): string => text.replace(ANSI_SGR, '');

/**
 * Every C0 control but tab and line feed, a CR not followed by a line feed, DEL, and every C1
 * control (U+009B is a one-character CSI). A lone CR returns the cursor and lets the rest of the
 * line overwrite what came before; CRLF is a line end some formats (CSV cells) carry on purpose.
 */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/g;

/**
 * Resource names, messages, policy Sids and error texts come from cloud APIs. A raw ESC, CSI or CR
 * in one of them could move the cursor or recolour the terminal of whoever `cat`s a report (CSV,
 * JUnit, SARIF, HTML, the table), so every text format passes them through here: each control
 * character becomes `replacement` (a space, or U+FFFD where a visible mark is wanted). Tabs and
 * line ends stay, for formats whose cells may hold several lines.
 */
export const withoutControls = (text: string, replacement = ' '): string => text.replace(CONTROLS, replacement);

/**
 * The same for one-line layouts (a table row, a Markdown cell): line breaks become spaces too,
 * and runs of whitespace collapse.
 */
export const oneLine = (text: string): string =>
  withoutControls(text)
    .replace(/[\n\u2028\u2029]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Combining marks, zero-width joiners and format characters draw nothing on their own. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]+$/u;

/**
 * East Asian wide and fullwidth ranges plus emoji drawn as pictures; terminals give these two
 * columns. A table-free approximation of Unicode's East_Asian_Width that covers the scripts and
 * symbols that realistically appear in resource names and messages.
 */
const WIDE =
  /^(?:[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]|\p{Emoji_Presentation}|.\ufe0f)/u;

const graphemeWidth = (grapheme: string): number => {
  if (ZERO_WIDTH.test(grapheme)) return 0;
  return WIDE.test(grapheme) ? 2 : 1;
};

/** Columns the text occupies on a terminal, ignoring colour sequences. */
export const visibleWidth = (text: string): number => {
  let width = 0;
  for (const { segment } of graphemes.segment(stripAnsi(text))) width += graphemeWidth(segment);
  return width;
};

/** Pads plain or coloured text with spaces on the right up to `width` visible columns. */
export const padEnd = (text: string, width: number): string => {
  const missing = width - visibleWidth(text);
  return missing > 0 ? text + ' '.repeat(missing) : text;
};

const ELLIPSIS = '…';

/**
 * Shortens plain text to at most `width` visible columns, ending in an ellipsis when anything was
 * cut. Works on graphemes so an accent or an emoji is never split in half.
 */
export const truncate = (text: string, width: number): string => {
  if (visibleWidth(text) <= width) return text;
  if (width <= 0) return '';
  const room = width - 1; // the ellipsis takes one column
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = graphemeWidth(segment);
    if (used + w > room) break;
    out += segment;
    used += w;
  }
  return out + ELLIPSIS;
};

export type Style = 'bold' | 'dim' | 'red' | 'boldRed' | 'yellow' | 'green' | 'cyan' | 'magenta' | 'blue';

const SGR: Record<Style, string> = {
  bold: '1',
  dim: '2',
  red: '31',
  boldRed: '1;31',
  green: '32',
  yellow: '33',
  blue: '34',
  magenta: '35',
  cyan: '36',
};

/** Wraps text in an SGR sequence when colour is on; returns it untouched otherwise. */
export const paint = (text: string, style: Style | undefined, color: boolean): string =>
  color && style && text.length > 0 ? `\x1b[${SGR[style]}m${text}\x1b[0m` : text;
