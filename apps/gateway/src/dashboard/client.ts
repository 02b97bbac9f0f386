/**
 * The dashboard's browser script, served as /dashboard/app.js. Plain
 * JavaScript that talks to the public GraphQL API (POST /graphql) and the
 * export endpoint only, and draws with Chart.js (served from node_modules).
 * Kept as a string so that the gateway's build ships it without a bundler.
 */
export const DASHBOARD_SCRIPT = String.raw`(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('dashboard-config').textContent);
  // Okabe-Ito: told apart with every common colour-vision deficiency.
  var PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#332288', '#000000'];
  var state = { token: sessionStorage.getItem('dashboard-token'), level: 'consortium', code: null, year: cfg.years[cfg.years.length - 2], directory: null };
  var charts = {};
  var $ = function (id) { return document.getElementById(id); };
  var el = function (tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  };

  function headers(extra) {
    var h = Object.assign({}, extra || {});
    if (state.token) h.authorization = 'Bearer ' + state.token;
    return h;
  }
  function gql(query, variables) {
    return fetch('/graphql', { method: 'POST', headers: headers({ 'content-type': 'application/json' }), body: JSON.stringify({ query: query, variables: variables }) })
      .then(function (r) { return r.json(); });
  }

  // ---------------------------------------------------------------- formatting
  var fmt = {
    int: function (v) { return v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US'); },
    dec: function (v) { return v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 }); },
    pct: function (v) { return v === null || v === undefined ? '–' : (Number(v) * 100).toLocaleString('en-US', { maximumFractionDigits: 1 }) + ' %'; },
    share: function (v) { return v === null || v === undefined ? '–' : (Number(v) * 100).toLocaleString('en-US', { maximumFractionDigits: 1 }) + ' %'; },
    text: function (v) { return v === null || v === undefined ? '–' : String(v); },
    month: function (v) { return v === null || v === undefined ? '–' : month(v); },
  };
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  var month = function (period) { return MONTHS[Number(period.slice(5, 7)) - 1] + ' ' + period.slice(0, 4); };
  var words = function (key) { return key === null || key === undefined ? 'not recorded' : String(key).toLowerCase().replace(/_/g, ' ').replace(/^./, function (c) { return c.toUpperCase(); }); };

  // ---------------------------------------------------------------- sections
  var SECTIONS = [
    { id: 'feedback-volume', title: 'Feedback volume and sentiment by month', exp: { op: 'feedback-aggregate', groupBy: 'PERIOD,SENTIMENT', interval: 'MONTH' } },
    { id: 'response-times', title: 'Response times by month (hours)', exp: { op: 'feedback-aggregate', groupBy: 'PERIOD', interval: 'MONTH' } },
    { id: 'attendance-area', title: 'Program attendance by service area', exp: { op: 'program-aggregate', groupBy: 'SERVICE_AREA' } },
    { id: 'attendance-age', title: 'Program attendance by age group', exp: { op: 'program-aggregate', groupBy: 'AGE_GROUP' } },
    { id: 'fill-rates', title: 'Fill and no-show rates by month', exp: { op: 'program-aggregate', groupBy: 'PERIOD', interval: 'MONTH' } },
    { id: 'partnership-value', title: 'Partnership value by partner type', exp: { op: 'partnership-aggregate', groupBy: 'PARTNER_TYPE' } },
    { id: 'representation', title: 'Representation index (participants against the community)', exp: { op: 'representation-gaps' } },
  ];

  function buildSections() {
    var main = $('sections');
    SECTIONS.forEach(function (s) {
      var sec = el('section', { id: s.id, 'aria-labelledby': s.id + '-title', 'class': 'card' });
      var head = el('div', { 'class': 'card-head' });
      head.appendChild(el('h2', { id: s.id + '-title' }, s.title));
      var tools = el('div', { 'class': 'tools' });
      ['csv', 'xlsx'].forEach(function (f) {
        var b = el('button', { type: 'button', 'class': 'export', 'data-format': f, 'aria-label': 'Download ' + s.title + ' as ' + (f === 'csv' ? 'CSV' : 'Excel') }, f === 'csv' ? 'CSV' : 'Excel');
        b.addEventListener('click', function () { download(s, f, b); });
        tools.appendChild(b);
      });
      head.appendChild(tools);
      sec.appendChild(head);
      var body = el('div', { 'class': 'card-body' });
      var fig = el('div', { 'class': 'chart' });
      fig.appendChild(el('canvas', { id: s.id + '-chart', role: 'img', 'aria-label': s.title + ': chart; the table beside it gives the same figures.' }));
      body.appendChild(fig);
      body.appendChild(el('div', { 'class': 'table', id: s.id + '-table' }));
      sec.appendChild(body);
      sec.appendChild(el('p', { 'class': 'note', id: s.id + '-note', 'aria-live': 'polite' }));
      main.appendChild(sec);
    });
  }

  function scopeParam() {
    return (state.level === 'system' ? 'system' : state.level) + '=' + encodeURIComponent(state.code);
  }

  function download(s, format, button) {
    var q = scopeParam() + '&from=' + state.year + '-01-01&to=' + state.year + '-12-31';
    if (s.exp.groupBy) q += '&groupBy=' + s.exp.groupBy;
    if (s.exp.interval) q += '&interval=' + s.exp.interval;
    button.disabled = true;
    fetch('/export/' + s.exp.op + '.' + format + '?' + q, { headers: headers() }).then(function (r) {
      if (!r.ok) return r.json().then(function (b) { throw new Error((b.errors && b.errors[0] && b.errors[0].message) || ('HTTP ' + r.status)); });
      var name = (/filename="([^"]+)"/.exec(r.headers.get('content-disposition') || '') || [])[1] || s.id + '.' + format;
      return r.blob().then(function (blob) {
        var a = el('a', { href: URL.createObjectURL(blob), download: name });
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      });
    }).catch(function (e) { $(s.id + '-note').textContent = 'Export failed: ' + e.message; })
      .finally(function () { button.disabled = false; });
  }

  /** A table with a caption; each cell keeps the API's value in data-value. */
  function table(id, caption, columns, rows) {
    var box = $(id + '-table');
    box.textContent = '';
    var t = el('table', {});
    t.appendChild(el('caption', {}, caption));
    var thead = el('thead', {});
    var tr = el('tr', {});
    columns.forEach(function (c) { tr.appendChild(el('th', { scope: 'col', 'data-field': c.field || '' }, c.label)); });
    thead.appendChild(tr);
    t.appendChild(thead);
    var tbody = el('tbody', {});
    rows.forEach(function (r) {
      var row = el('tr', {});
      columns.forEach(function (c, i) {
        var v = r[i];
        var cell = el(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : { 'class': c.format === 'text' || c.format === 'month' ? '' : 'num' }, (fmt[c.format] || fmt.text)(v));
        cell.setAttribute('data-value', v === null || v === undefined ? '' : String(v));
        if (c.field) cell.setAttribute('data-field', c.field);
        row.appendChild(cell);
      });
      tbody.appendChild(row);
    });
    t.appendChild(tbody);
    box.appendChild(t);
  }

  function chart(id, config) {
    if (charts[id]) charts[id].destroy();
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: 'bottom' } } }, config.options || {});
    charts[id] = new Chart($(id + '-chart'), config);
  }

  function unavailable(id, error) {
    if (charts[id]) { charts[id].destroy(); delete charts[id]; }
    $(id + '-table').textContent = '';
    $(id + '-note').textContent = 'Not available: ' + (error ? error.message : 'no data');
  }

  // ---------------------------------------------------------------- the data
  var PARENT_FIELD = { consortium: 'consortium', system: 'librarySystem', branch: 'branch' };
  function dashboardQuery() {
    return 'query Dashboard($code: String!, $from: Date!, $to: Date!, $fromTs: DateTime!, $toTs: DateTime!) {\n' +
      '  parent: ' + PARENT_FIELD[state.level] + '(code: $code) {\n    name\n' +
      '    feedbackMonthly: feedbackAggregate(from: $fromTs, to: $toTs, groupBy: [PERIOD], interval: MONTH) { totals { count } groups { key { period } measures { count averageHoursToAcknowledge averageHoursToResolve } } }\n' +
      '    feedbackSentiment: feedbackAggregate(from: $fromTs, to: $toTs, groupBy: [PERIOD, SENTIMENT], interval: MONTH) { groups { key { period sentiment } measures { count } } }\n' +
      '    byArea: programAggregate(from: $fromTs, to: $toTs, groupBy: [SERVICE_AREA]) { groups { key { serviceArea } measures { sessionCount attendance } } }\n' +
      '    byAge: programAggregate(from: $fromTs, to: $toTs, groupBy: [AGE_GROUP]) { groups { key { ageGroup } measures { sessionCount attendance } } }\n' +
      '    rates: programAggregate(from: $fromTs, to: $toTs, groupBy: [PERIOD], interval: MONTH) { groups { key { period } measures { fillRate noShowRate } } }\n' +
      '    partnerships: partnershipAggregate(from: $fromTs, to: $toTs, groupBy: [PARTNER_TYPE]) { groups { key { partnerType } measures { partnershipCount volunteerHours contributedValue { amount currency } } } }\n' +
      '    gaps: representationGaps(from: $from, to: $to) { dimension key communityShare participantShare representationIndex suppressed }\n' +
      '  }\n}';
  }

  function errorAt(errors, field) {
    var e = (errors || []).filter(function (x) { return x.path && x.path[1] === field; })[0];
    return e ? new Error(e.message) : null;
  }

  function render(parent, errors) {
    var fm = parent && parent.feedbackMonthly;
    if (fm) {
      var periods = fm.groups.map(function (g) { return g.key.period; });
      var sentiments = ['POSITIVE', 'NEUTRAL', 'NEGATIVE', null];
      var by = {};
      parent.feedbackSentiment && parent.feedbackSentiment.groups.forEach(function (g) { by[g.key.period + '|' + g.key.sentiment] = g.measures.count; });
      var series = sentiments.map(function (s) { return periods.map(function (p) { return by[p + '|' + s] || 0; }); });
      chart('feedback-volume', { type: 'bar', data: { labels: periods.map(month), datasets: sentiments.map(function (s, i) { return { label: words(s), data: series[i], backgroundColor: [PALETTE[2], PALETTE[4], PALETTE[5], '#999999'][i] }; }) },
        options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'items' } } } } });
      table('feedback-volume', 'Feedback items per month, by sentiment', [{ label: 'Month', format: 'month', field: 'key.period' }, { label: 'Positive', format: 'int' }, { label: 'Neutral', format: 'int' }, { label: 'Negative', format: 'int' }, { label: 'Not scored', format: 'int' }, { label: 'All', format: 'int', field: 'measures.count' }],
        fm.groups.map(function (g, i) { return [g.key.period, series[0][i], series[1][i], series[2][i], series[3][i], g.measures.count]; }));
      $('feedback-volume-note').textContent = fmt.int(fm.totals.count) + ' items in ' + state.year + '.';
      chart('response-times', { type: 'line', data: { labels: periods.map(month), datasets: [
        { label: 'Average hours to acknowledge', data: fm.groups.map(function (g) { return g.measures.averageHoursToAcknowledge; }), borderColor: PALETTE[0], backgroundColor: PALETTE[0], spanGaps: true },
        { label: 'Average hours to resolve', data: fm.groups.map(function (g) { return g.measures.averageHoursToResolve; }), borderColor: PALETTE[1], backgroundColor: PALETTE[1], borderDash: [6, 3], spanGaps: true },
      ] }, options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'hours' } } } } });
      table('response-times', 'Average hours from submission to acknowledgement and to resolution', [{ label: 'Month', format: 'month', field: 'key.period' }, { label: 'To acknowledge (h)', format: 'dec', field: 'measures.averageHoursToAcknowledge' }, { label: 'To resolve (h)', format: 'dec', field: 'measures.averageHoursToResolve' }],
        fm.groups.map(function (g) { return [g.key.period, g.measures.averageHoursToAcknowledge, g.measures.averageHoursToResolve]; }));
      $('response-times-note').textContent = '';
    } else {
      unavailable('feedback-volume', errorAt(errors, 'feedbackMonthly'));
      unavailable('response-times', errorAt(errors, 'feedbackMonthly'));
    }

    [['attendance-area', 'byArea', 'serviceArea', 'Service area'], ['attendance-age', 'byAge', 'ageGroup', 'Age group']].forEach(function (d) {
      var agg = parent && parent[d[1]];
      if (!agg) return unavailable(d[0], errorAt(errors, d[1]));
      chart(d[0], { type: 'bar', data: { labels: agg.groups.map(function (g) { return words(g.key[d[2]]); }), datasets: [{ label: 'Attendance', data: agg.groups.map(function (g) { return g.measures.attendance; }), backgroundColor: PALETTE[0] }] },
        options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, title: { display: true, text: 'attendance' } } } } });
      table(d[0], 'Sessions and attendance by ' + d[3].toLowerCase(), [{ label: d[3], format: 'text', field: 'key.' + d[2] }, { label: 'Sessions', format: 'int', field: 'measures.sessionCount' }, { label: 'Attendance', format: 'int', field: 'measures.attendance' }],
        agg.groups.map(function (g) { return [g.key[d[2]], g.measures.sessionCount, g.measures.attendance]; }));
      $(d[0] + '-note').textContent = '';
    });

    var rates = parent && parent.rates;
    if (rates) {
      chart('fill-rates', { type: 'line', data: { labels: rates.groups.map(function (g) { return month(g.key.period); }), datasets: [
        { label: 'Fill rate', data: rates.groups.map(function (g) { return g.measures.fillRate; }), borderColor: PALETTE[2], backgroundColor: PALETTE[2], spanGaps: true },
        { label: 'No-show rate', data: rates.groups.map(function (g) { return g.measures.noShowRate; }), borderColor: PALETTE[5], backgroundColor: PALETTE[5], borderDash: [6, 3], spanGaps: true },
      ] }, options: { scales: { y: { beginAtZero: true, ticks: { callback: function (v) { return Math.round(v * 100) + ' %'; } } } } } });
      table('fill-rates', 'Share of seats taken and of registrations not attended, by month', [{ label: 'Month', format: 'month', field: 'key.period' }, { label: 'Fill rate', format: 'pct', field: 'measures.fillRate' }, { label: 'No-show rate', format: 'pct', field: 'measures.noShowRate' }],
        rates.groups.map(function (g) { return [g.key.period, g.measures.fillRate, g.measures.noShowRate]; }));
      $('fill-rates-note').textContent = '';
    } else unavailable('fill-rates', errorAt(errors, 'rates'));

    var pa = parent && parent.partnerships;
    if (pa) {
      var currencies = [];
      pa.groups.forEach(function (g) { g.measures.contributedValue.forEach(function (m) { if (currencies.indexOf(m.currency) < 0) currencies.push(m.currency); }); });
      currencies.sort();
      var amount = function (g, c) { var m = g.measures.contributedValue.filter(function (x) { return x.currency === c; })[0]; return m ? Number(m.amount) : 0; };
      chart('partnership-value', { type: 'bar', data: { labels: pa.groups.map(function (g) { return words(g.key.partnerType); }), datasets: currencies.map(function (c, i) { return { label: 'Contributed value (' + c + ')', data: pa.groups.map(function (g) { return amount(g, c); }), backgroundColor: PALETTE[i % PALETTE.length] }; }) },
        options: { scales: { y: { beginAtZero: true } } } });
      table('partnership-value', 'Partnerships active in the year, their volunteer hours and contributed value', [{ label: 'Partner type', format: 'text', field: 'key.partnerType' }, { label: 'Partnerships', format: 'int', field: 'measures.partnershipCount' }, { label: 'Volunteer hours', format: 'dec', field: 'measures.volunteerHours' }].concat(currencies.map(function (c) { return { label: 'Value (' + c + ')', format: 'dec', field: 'measures.contributedValue.' + c }; })),
        pa.groups.map(function (g) { return [g.key.partnerType, g.measures.partnershipCount, g.measures.volunteerHours].concat(currencies.map(function (c) { return amount(g, c); })); }));
      $('partnership-value-note').textContent = '';
    } else unavailable('partnership-value', errorAt(errors, 'partnerships'));

    var gaps = parent && parent.gaps;
    if (gaps && gaps.length) {
      chart('representation', { type: 'bar', data: { labels: gaps.map(function (g) { return words(g.key); }), datasets: [{ label: 'Representation index (1 = as in the community)', data: gaps.map(function (g) { return g.representationIndex; }), backgroundColor: gaps.map(function (g) { return g.representationIndex !== null && g.representationIndex < 1 ? PALETTE[5] : PALETTE[0]; }) }] },
        options: { indexAxis: 'y', scales: { x: { beginAtZero: true } } } });
      table('representation', 'Participants\u2019 share against the community\u2019s; withheld cells protect privacy', [{ label: 'Group', format: 'text', field: 'key' }, { label: 'Dimension', format: 'text', field: 'dimension' }, { label: 'Community', format: 'share', field: 'communityShare' }, { label: 'Participants', format: 'share', field: 'participantShare' }, { label: 'Index', format: 'dec', field: 'representationIndex' }, { label: 'Withheld', format: 'text', field: 'suppressed' }],
        gaps.map(function (g) { return [g.key, g.dimension, g.communityShare, g.participantShare, g.representationIndex, g.suppressed ? 'withheld' : 'no']; }));
      $('representation-note').textContent = '';
    } else unavailable('representation', errorAt(errors, 'gaps') || (gaps ? new Error('no community profile or no answer sheets') : null));
  }

  function load() {
    if (!state.code) return;
    var y = state.year;
    $('status').textContent = 'Loading ' + y + '…';
    document.body.setAttribute('data-state', 'loading');
    gql(dashboardQuery(), { code: state.code, from: y + '-01-01', to: y + '-12-31', fromTs: y + '-01-01T00:00:00Z', toTs: (y + 1) + '-01-01T00:00:00Z' }).then(function (res) {
      var parent = res.data && res.data.parent;
      if (!parent) throw new Error((res.errors && res.errors[0] && res.errors[0].message) || 'not found');
      $('heading').textContent = parent.name + ', ' + y;
      render(parent, res.errors);
      var cost = res.extensions && res.extensions.cost;
      $('status').textContent = 'Updated ' + new Date().toLocaleTimeString('en-US') + (cost ? ' · query cost ' + cost.requestedQueryCost : '');
      document.body.setAttribute('data-state', 'ready');
    }).catch(function (e) {
      $('status').textContent = 'Could not load: ' + e.message;
      document.body.setAttribute('data-state', 'error');
    });
  }

  // ---------------------------------------------------------------- pickers and sign-in
  function fillEntities() {
    var sel = $('entity');
    sel.textContent = '';
    var d = state.directory || [];
    d.forEach(function (c) {
      if (state.level === 'consortium') sel.appendChild(el('option', { value: c.code }, c.name + ' (' + c.code + ')'));
      c.systems.forEach(function (s) {
        if (state.level === 'system') sel.appendChild(el('option', { value: s.code }, s.name + ' (' + s.code + ')'));
        if (state.level === 'branch') s.branches.forEach(function (b) { sel.appendChild(el('option', { value: b.code }, b.name + ' (' + b.code + ')')); });
      });
    });
    state.code = sel.value || null;
  }

  function signIn() {
    if (!cfg.dev) {
      state.token = $('token').value.trim() || null;
      if (state.token) sessionStorage.setItem('dashboard-token', state.token); else sessionStorage.removeItem('dashboard-token');
      return Promise.resolve();
    }
    var role = $('role').value;
    var q = 'role=' + role + (role === 'STAFF' && state.level === 'branch' && state.code ? '&branch=' + encodeURIComponent(state.code) : '');
    return fetch('/dev/token?' + q).then(function (r) { return r.json(); }).then(function (b) { state.token = b.token; });
  }

  function start() {
    buildSections();
    cfg.years.forEach(function (y) { $('year').appendChild(el('option', { value: y }, y)); });
    $('year').value = String(state.year);
    $('year').addEventListener('change', function () { state.year = Number($('year').value); load(); });
    $('level').addEventListener('change', function () { state.level = $('level').value; fillEntities(); (cfg.dev ? signIn() : Promise.resolve()).then(load); });
    $('entity').addEventListener('change', function () { state.code = $('entity').value; (cfg.dev && $('role').value === 'STAFF' ? signIn() : Promise.resolve()).then(load); });
    if (cfg.dev) $('role').addEventListener('change', function () { signIn().then(load); });
    else $('sign-in').addEventListener('click', function () { signIn().then(load); });
    gql('{ consortia { code name systems { code name branches { code name } } } }').then(function (res) {
      state.directory = (res.data && res.data.consortia) || [];
      var params = new URLSearchParams(location.search);
      if (params.get('level')) { state.level = params.get('level'); $('level').value = state.level; }
      if (params.get('year')) { state.year = Number(params.get('year')); $('year').value = String(state.year); }
      fillEntities();
      if (params.get('code')) { state.code = params.get('code'); $('entity').value = state.code; }
      if (cfg.dev && params.get('role')) $('role').value = params.get('role');
      return (cfg.dev || state.token) ? signIn() : null;
    }).then(load).catch(function (e) { $('status').textContent = 'Could not load the directory: ' + e.message; document.body.setAttribute('data-state', 'error'); });
  }

  start();
})();
`;
