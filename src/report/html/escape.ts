/**
 * HTML escaping for the report page. Every string that comes from a report (resource names,
 * messages, policy Sids, suppression reasons) goes through `esc` for text and attribute values
 * alike, so `<img src=x onerror=alert(1)>` as a bucket name stays text.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Control characters other than tab/newline are not allowed in HTML text; they become U+FFFD. */
export const esc = (value: string | number): string =>
  String(value)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd')
    .replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
