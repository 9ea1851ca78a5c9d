/**
 * HTML escaping for the report page. Every string that comes from a report (resource names,
 * messages, policy Sids, suppression reasons) goes through `esc` for text and attribute values
 * alike, so `<img src=x onerror=alert(1)>` as a bucket name stays text.
 */
import { withoutControls } from '../terminal-text.ts';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Control characters (C0 but tab and line ends, DEL, C1) are not allowed in HTML text; they become U+FFFD. */
export const esc = (value: string | number): string =>
  withoutControls(String(value), '\ufffd')
    .replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
