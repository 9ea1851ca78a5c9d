/**
 * The HTML report's stylesheet, inlined into the page (no external requests; the page's CSP admits
 * exactly this text by its hash). System fonts only; light and dark schemes; prints cleanly.
 */
export const HTML_STYLE = `
:root {
  --bg: #f6f7f9; --panel: #ffffff; --text: #1b1f24; --muted: #5b6470; --line: #dde1e6;
  --critical: #b3001b; --high: #d9480f; --medium: #b58100; --low: #1c6fb8; --info: #6b7280;
  --pass: #2b8a3e; --unknown: #8a6d00; --error: #862e9c; --resolved: #2b8a3e; --suppressed: #6b7280;
  --new: #b3001b; --chip: #eef1f4; --code: #f0f2f5;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1216; --panel: #171b21; --text: #e6e9ed; --muted: #9aa4b0; --line: #2a3038;
    --critical: #ff5c73; --high: #ff8a4c; --medium: #f2c14e; --low: #5aa9ee; --info: #9aa4b0;
    --pass: #5cc46e; --unknown: #e0b83a; --error: #cc7bdc; --resolved: #5cc46e; --suppressed: #9aa4b0;
    --new: #ff5c73; --chip: #222831; --code: #20262e;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 20px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 18px; margin: 28px 0 10px; }
.muted { color: var(--muted); }
.meta { color: var(--muted); font-size: 13px; margin: 0 0 16px; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; }
.panel h2 { margin-top: 0; }
.panel h3 { font-size: 15px; margin: 14px 0 4px; }
.alerts { display: grid; gap: 8px; margin: 14px 0; }
.alert { border-left: 4px solid var(--high); background: var(--panel); padding: 8px 12px; border-radius: 6px; }
.alert.warn { border-left-color: var(--unknown); }
.alert ul { margin: 4px 0 0; padding-left: 20px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 10px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 10px 14px; border-top: 4px solid var(--line); }
.card .n { font-size: 30px; font-weight: 700; line-height: 1.1; }
.card .l { color: var(--muted); font-size: 13px; text-transform: capitalize; }
.card.sev-critical { border-top-color: var(--critical); } .card.sev-high { border-top-color: var(--high); }
.card.sev-medium { border-top-color: var(--medium); } .card.sev-low { border-top-color: var(--low); }
.card.sev-info { border-top-color: var(--info); } .card.st-unknown { border-top-color: var(--unknown); }
.card.st-error { border-top-color: var(--error); } .card.st-pass { border-top-color: var(--pass); }
.bar { width: 100%; height: 14px; margin-top: 12px; display: block; border-radius: 7px; background: var(--chip); }
.bar .critical { fill: var(--critical); } .bar .high { fill: var(--high); } .bar .medium { fill: var(--medium); }
.bar .low { fill: var(--low); } .bar .info { fill: var(--info); }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; margin-top: 14px; }
@media (max-width: 800px) { .grid2 { grid-template-columns: 1fr; } }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.nowrap { white-space: nowrap; }
.filters { position: sticky; top: 0; z-index: 2; background: var(--bg); padding: 10px 0; border-bottom: 1px solid var(--line);
  display: flex; flex-wrap: wrap; gap: 8px 18px; align-items: center; }
.filters fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.filters legend { float: left; margin-right: 6px; color: var(--muted); font-size: 13px; }
.chip { display: inline-flex; align-items: center; gap: 4px; background: var(--chip); border-radius: 999px; padding: 2px 10px; font-size: 13px; cursor: pointer; }
.chip input { margin: 0; }
#search { padding: 5px 10px; border-radius: 6px; border: 1px solid var(--line); background: var(--panel); color: var(--text); min-width: 220px; }
.findings { display: grid; gap: 8px; margin-top: 12px; }
details.finding { background: var(--panel); border: 1px solid var(--line); border-left: 5px solid var(--line); border-radius: 8px; }
details.finding[data-severity="critical"] { border-left-color: var(--critical); }
details.finding[data-severity="high"] { border-left-color: var(--high); }
details.finding[data-severity="medium"] { border-left-color: var(--medium); }
details.finding[data-severity="low"] { border-left-color: var(--low); }
details.finding[data-status="pass"], details.finding[data-status="resolved"] { border-left-color: var(--pass); }
details.finding > summary { cursor: pointer; padding: 9px 12px; display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: baseline; list-style: none; }
details.finding > summary::-webkit-details-marker { display: none; }
details.finding > summary::before { content: "\\25B8"; color: var(--muted); }
details.finding[open] > summary::before { content: "\\25BE"; }
.res { font-weight: 600; overflow-wrap: anywhere; }
.rule { color: var(--muted); font-size: 13px; }
.age { margin-left: auto; font-size: 13px; color: var(--muted); white-space: nowrap; }
.age.open { color: var(--critical); font-weight: 600; }
.badge { display: inline-block; font-size: 12px; font-weight: 700; padding: 1px 7px; border-radius: 4px; color: #fff; text-transform: uppercase; letter-spacing: 0.03em; }
.b-critical { background: var(--critical); } .b-high { background: var(--high); } .b-medium { background: var(--medium); }
.b-low { background: var(--low); } .b-info { background: var(--info); }
.b-fail { background: var(--critical); } .b-unknown { background: var(--unknown); } .b-error { background: var(--error); }
.b-pass, .b-resolved { background: var(--pass); } .b-suppressed { background: var(--suppressed); }
.b-new { background: transparent; color: var(--new); border: 1px solid var(--new); }
.b-existing { background: transparent; color: var(--muted); border: 1px solid var(--line); }
.body { padding: 0 16px 14px 30px; border-top: 1px solid var(--line); }
.body h3 { font-size: 14px; margin: 14px 0 6px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
.trace { margin: 0; padding-left: 20px; }
.trace li { margin: 2px 0; }
.layer { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
.eff { font-size: 12px; font-weight: 700; padding: 0 5px; border-radius: 3px; background: var(--chip); }
.eff-grants { color: var(--critical); } .eff-blocks, .eff-neutralises, .eff-restricts { color: var(--pass); }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; background: var(--code); border-radius: 4px; }
code { padding: 0 4px; overflow-wrap: anywhere; }
pre { padding: 8px 10px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; font-size: 13px; }
dl.kv dt { color: var(--muted); } dl.kv dd { margin: 0; overflow-wrap: anywhere; }
.toolbar { display: flex; gap: 8px; align-items: center; margin-left: auto; font-size: 13px; }
button { font: inherit; font-size: 13px; padding: 3px 10px; border-radius: 6px; border: 1px solid var(--line); background: var(--panel); color: var(--text); cursor: pointer; }
#empty { padding: 20px; text-align: center; }
footer { margin-top: 40px; font-size: 12px; color: var(--muted); }
@media print { .filters, .toolbar { display: none; } details.finding { break-inside: avoid; } }
`;
