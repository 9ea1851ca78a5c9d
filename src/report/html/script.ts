/**
 * The HTML report's only script: filters by provider, severity and status, a text search, and
 * expand/collapse all. It reads data-* attributes the reporter wrote and only toggles `hidden` and
 * `open`, never builds markup, so nothing from the report can become code in the page. The page
 * works without it (everything but passing checks is shown).
 */
export const HTML_SCRIPT = `
(function () {
  'use strict';
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-filter]'));
  var items = Array.prototype.slice.call(document.querySelectorAll('details.finding'));
  var search = document.getElementById('search');
  var shown = document.getElementById('shown');
  var empty = document.getElementById('empty');
  function apply() {
    var on = { provider: {}, severity: {}, status: {} };
    boxes.forEach(function (box) { if (box.checked) on[box.getAttribute('data-filter')][box.value] = true; });
    var query = search ? search.value.trim().toLowerCase() : '';
    var count = 0;
    items.forEach(function (item) {
      var visible = on.provider[item.getAttribute('data-provider')] === true &&
        on.severity[item.getAttribute('data-severity')] === true &&
        on.status[item.getAttribute('data-status')] === true &&
        (query === '' || (item.getAttribute('data-search') || '').indexOf(query) !== -1);
      item.hidden = !visible;
      if (visible) count += 1;
    });
    if (shown) shown.textContent = String(count);
    if (empty) empty.hidden = count > 0;
    document.documentElement.setAttribute('data-ready', 'true');
  }
  // A link can carry a view: #severity=critical,high&status=fail&provider=aws&q=backup
  function fromHash() {
    var params = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (pair) {
      var at = pair.indexOf('=');
      if (at <= 0) return;
      try { params[decodeURIComponent(pair.slice(0, at))] = decodeURIComponent(pair.slice(at + 1)); } catch (e) { /* malformed: ignored */ }
    });
    ['provider', 'severity', 'status'].forEach(function (filter) {
      if (typeof params[filter] !== 'string') return;
      var wanted = params[filter].split(',');
      boxes.forEach(function (box) {
        if (box.getAttribute('data-filter') === filter) box.checked = wanted.indexOf(box.value) !== -1;
      });
    });
    if (search && typeof params.q === 'string') search.value = params.q;
  }
  fromHash();
  boxes.forEach(function (box) { box.addEventListener('change', apply); });
  if (search) search.addEventListener('input', apply);
  function setOpen(open) {
    items.forEach(function (item) { if (!item.hidden) item.open = open; });
  }
  var expand = document.getElementById('expand');
  var collapse = document.getElementById('collapse');
  if (expand) expand.addEventListener('click', function () { setOpen(true); });
  if (collapse) collapse.addEventListener('click', function () { setOpen(false); });
  apply();
})();
`;
