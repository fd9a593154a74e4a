// The accountant's desk: fiscal periods and their figures, policy versions, dividend runs
// (compute, review, approve, reverse, pay out, statements), imports and the audit log.
// Routes are #/desk…; app.js hands over its problem helpers and shows the view.
import * as api from './api.js';
import { has, lang, t, translate } from './i18n.js';
import { fenFromYuan, shanghaiTime, yuan, yuanInput } from './format.js';

const $ = (selector) => document.querySelector(selector);

const PAGES = ['#desk-periods', '#desk-period', '#desk-run', '#desk-policies', '#desk-imports', '#desk-audit'];

const POOLS = [
  { key: 'S', field: 'surplusFen' },
  { key: 'L', field: 'carriedLossFen' },
  { key: 'P', field: 'providentFundFen' },
  { key: 'D', field: 'distributableFen' },
  { key: 'R', field: 'patronagePoolFen' },
  { key: 'C', field: 'capitalPoolFen' },
];

const desk = {
  ui: null, villages: new Map(), villagesOf: null, periodsPage: 0, period: null, policies: [], run: null, sort: 'household', closing: false,
  auditPage: 0, auditQuery: null,
};

/** Whether the signed-in user works at the desk: accountants, and admins reading. */
export function isDeskUser(user) {
  return user != null && (user.role === 'ACCOUNTANT' || user.role === 'ADMIN');
}

function user() {
  return desk.ui.user();
}

function canWrite() {
  return user()?.role === 'ACCOUNTANT';
}

// --- small helpers -----------------------------------------------------------------

/** Signed fen from yuan typed as a decimal ("-1,200.50"); null when it is not one. */
function signedFen(text) {
  const value = String(text ?? '').trim();
  const negative = /^[-−]/.test(value);
  const fen = fenFromYuan(negative ? value.slice(1) : value);
  return fen == null ? null : (negative ? -fen : fen);
}

/** Basis points from a percentage typed with at most two decimals ("20", "62.5"). */
function basisPoints(text) {
  const match = /^(\d{1,3})(?:\.(\d{0,2}))?$/.exec(String(text ?? '').trim().replace(/%$/, ''));
  if (!match) {
    return null;
  }
  return Number(match[1]) * 100 + Number((match[2] || '').padEnd(2, '0'));
}

function percent(bp) {
  const whole = Math.floor(bp / 100);
  const rest = bp % 100;
  return rest === 0 ? `${whole}%` : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}%`;
}

function localProblem(fields) {
  return new api.Problem(400, { errors: Object.entries(fields).map(([field, message]) => ({ field, message })) }, null);
}

function notice(text, ok = true) {
  const slot = $('#desk-notice');
  slot.textContent = text || '';
  slot.classList.toggle('notice', ok);
}

function statusChip(element, status) {
  element.textContent = t(`desk.status.${status}`);
  element.className = `status desk-status-${status.toLowerCase()}`;
}

// an approved run undone by an approved reversal is told as reversed
function runChip(element, run) {
  statusChip(element, run.reversedBy && run.status === 'APPROVED' ? 'REVERSED' : run.status);
}

function kindName(run) {
  return t(run.kind === 'RUN' && run.correctsRunId ? 'desk.kind.CORRECTION' : `desk.kind.${run.kind}`);
}

function participantLabel(line) {
  const [kind, code] = String(line.participant || '').split(':');
  if (kind === 'village') {
    return t('desk.line.village', { code });
  }
  return t('desk.line.member', { number: code });
}

function isVillage(line) {
  return String(line.participant || '').startsWith('village:');
}

/** The village a line belongs to: its own name for a village, the household's village once known. */
function villageOf(line) {
  if (isVillage(line)) {
    return line.name || '';
  }
  return desk.villages.get(line.lineNo) || '';
}

// the lines' villages, in one call once per run
async function loadVillages(run) {
  if (desk.villagesOf === run.id) {
    return;
  }
  desk.villagesOf = run.id;
  desk.villages = new Map();
  try {
    const villages = await api.call('GET', `/api/v1/accounting/runs/${run.id}/villages`);
    for (const [lineNo, name] of Object.entries(villages || {})) {
      desk.villages.set(Number(lineNo), name);
    }
  } catch (ignored) {
    // without them the households sort with no village
  }
  if (desk.villagesOf === run.id && desk.run?.id === run.id) {
    renderLines(desk.run);
  }
}

// a weight in its unit: fen as yuan, or a count
function weight(value, unit) {
  return unit === 'count' ? t('desk.line.count', { count: Number(value).toLocaleString('en-US') }) : yuan(value);
}

function save(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function downloadTo(path, fallbackName, errorSlot) {
  errorSlot.textContent = '';
  try {
    const file = await api.download(path);
    save(file.blob, file.fileName || fallbackName);
    return true;
  } catch (failure) {
    if (!(failure instanceof api.Problem) || desk.ui.expired(failure)) {
      return false;
    }
    errorSlot.textContent = failure.status === 404 ? t('desk.notYet') : desk.ui.problemMessage(failure);
    return false;
  }
}

// opens a file the token fetches in a new tab (a statement to print)
async function openInTab(path, errorSlot) {
  errorSlot.textContent = '';
  const tab = window.open('', '_blank');
  try {
    const file = await api.download(path);
    const url = URL.createObjectURL(file.blob);
    if (tab) {
      tab.location.href = url;
    } else {
      window.location.assign(url);
    }
    setTimeout(() => URL.revokeObjectURL(url), 300_000);
  } catch (failure) {
    tab?.close();
    if (!(failure instanceof api.Problem) || desk.ui.expired(failure)) {
      return;
    }
    errorSlot.textContent = failure.status === 404 ? t('desk.notYet') : desk.ui.problemMessage(failure);
  }
}

// a form's refusal shown in the form, under its fields; anything but a problem is thrown on
function formFailed(failure, form) {
  if (!(failure instanceof api.Problem)) {
    throw failure;
  }
  if (!desk.ui.expired(failure)) {
    desk.ui.showProblem(form, form.querySelector('.form-error'), failure);
  }
}

function failed(failure, slot) {
  if (!(failure instanceof api.Problem)) {
    throw failure;
  }
  if (desk.ui.expired(failure)) {
    return;
  }
  slot.classList.remove('notice');
  slot.textContent = desk.ui.problemMessage(failure);
}

function showPage(page, tab) {
  desk.ui.show('#view-desk');
  for (const id of PAGES) {
    $(id).hidden = id !== page;
  }
  for (const link of $('#desk-nav').querySelectorAll('[data-desk-tab]')) {
    if (link.dataset.deskTab === tab) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  const who = user();
  $('#desk-who').textContent = t(`who.${who.role}`, { name: who.username });
  $('#desk-admin-note').hidden = who.role !== 'ADMIN';
  $('#desk-nav').setAttribute('aria-label', t('desk.nav'));
  $('#lines-sort').setAttribute('aria-label', t('desk.lines.sort'));
}

function takeNotice() {
  const pending = desk.pendingNotice;
  desk.pendingNotice = null;
  notice(pending || '');
}

// --- periods -----------------------------------------------------------------------

function periodCard(period) {
  const card = $('#period-card').content.firstElementChild.cloneNode(true);
  card.dataset.periodId = period.id;
  card.dataset.year = String(period.year);
  const open = card.querySelector('.open');
  open.textContent = t('desk.period.title', { year: period.year });
  open.href = `#/desk/periods/${encodeURIComponent(period.id)}`;
  statusChip(card.querySelector('.status'), period.status);
  card.querySelector('.period-surplus').textContent = period.surplusFen == null ? t('desk.period.noFigures')
    : t('desk.period.surplus', { amount: yuan(period.surplusFen) });
  card.querySelector('.period-closed').textContent = period.closedAt
    ? t('desk.period.closedAt', { time: shanghaiTime(period.closedAt, lang()), who: period.closedBy || '' }) : '';
  return card;
}

async function showPeriods() {
  showPage('#desk-periods', 'periods');
  takeNotice();
  const form = $('#open-period-form');
  form.hidden = !canWrite();
  desk.ui.clearProblems(form);
  if (!$('#open-year').value) {
    $('#open-year').value = String(Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' })
      .format(new Date())));
  }
  try {
    const page = await api.call('GET', `/api/v1/accounting/periods?page=${desk.periodsPage}&size=10`);
    $('#period-list').replaceChildren(...page.items.map(periodCard));
    $('#periods-empty').hidden = page.items.length > 0;
    $('#periods-pager').hidden = page.totalPages <= 1;
    $('#periods-page').textContent = t('pager.info', { page: page.page + 1, pages: Math.max(page.totalPages, 1) });
    $('#periods-prev').disabled = page.page <= 0;
    $('#periods-next').disabled = page.page + 1 >= page.totalPages;
  } catch (failure) {
    failed(failure, $('#desk-notice'));
  }
}

async function submitOpenPeriod(event) {
  event.preventDefault();
  const form = $('#open-period-form');
  desk.ui.clearProblems(form);
  const year = Number($('#open-year').value);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    desk.ui.showProblem(form, form.querySelector('.form-error'), localProblem({ year: t('desk.periods.badYear') }));
    return;
  }
  const button = $('#open-period-submit');
  button.disabled = true;
  try {
    const period = await api.call('POST', '/api/v1/accounting/periods', { year });
    desk.pendingNotice = t('desk.periods.opened', { year: period.year });
    desk.ui.go(`#/desk/periods/${period.id}`);
  } catch (failure) {
    formFailed(failure, form);
  } finally {
    button.disabled = false;
  }
}

// --- a period's page ---------------------------------------------------------------

function figureRow(list, label, value) {
  const term = document.createElement('dt');
  term.textContent = label;
  const detail = document.createElement('dd');
  detail.textContent = value;
  list.append(term, detail);
}

function renderPeriod(period) {
  desk.period = period;
  $('#period-title').textContent = t('desk.period.title', { year: period.year });
  statusChip($('#period-status'), period.status);
  const list = $('#period-figures');
  list.replaceChildren();
  if (period.revenueFen != null) {
    figureRow(list, t('desk.figures.revenueShort'), yuan(period.revenueFen));
    figureRow(list, t('desk.figures.costShort'), yuan(period.costOfGoodsFen));
    figureRow(list, t('desk.figures.expensesShort'), yuan(period.expensesFen));
    figureRow(list, t('desk.figures.taxShort'), yuan(period.incomeTaxFen));
  }
  figureRow(list, t('desk.figures.surplusShort'), period.surplusFen == null ? t('desk.period.noFigures') : yuan(period.surplusFen));
  figureRow(list, t('desk.figures.lossShort'), yuan(period.carriedLossFen));
  $('#period-closed').textContent = period.closedAt
    ? t('desk.period.closedAt', { time: shanghaiTime(period.closedAt, lang()), who: period.closedBy || '' }) : '';
  const open = period.status === 'OPEN';
  $('#figures-form').hidden = !open || !canWrite();
  $('#close-period').hidden = !open || !canWrite();
  $('#close-period-button').disabled = period.surplusFen == null;
  $('#close-period-button').title = period.surplusFen == null ? t('desk.close.needsFigures') : '';
  $('#compute-form').hidden = open || !canWrite();
  if (open && canWrite()) {
    fillFigures(period);
  }
}

function fillFigures(period) {
  const parts = period.revenueFen != null || period.surplusFen == null;
  $('#figures-mode-parts').checked = parts;
  $('#figures-mode-surplus').checked = !parts;
  const value = (fen) => (fen == null ? '' : yuanInput(fen));
  $('#figures-revenue').value = value(period.revenueFen);
  $('#figures-cost').value = value(period.costOfGoodsFen);
  $('#figures-expenses').value = value(period.expensesFen);
  $('#figures-tax').value = value(period.incomeTaxFen);
  $('#figures-surplus').value = period.surplusFen == null ? ''
    : `${period.surplusFen < 0 ? '-' : ''}${yuanInput(Math.abs(period.surplusFen))}`;
  $('#figures-loss').value = value(period.carriedLossFen ?? 0);
  figuresMode();
}

function figuresMode() {
  const parts = $('#figures-mode-parts').checked;
  $('#figures-parts').hidden = !parts;
  $('#figures-surplus-field').hidden = parts;
  liveSum();
}

// the surplus the parts make, as they are typed
function liveSum() {
  const values = ['#figures-revenue', '#figures-cost', '#figures-expenses', '#figures-tax']
    .map((id) => fenFromYuan($(id).value));
  const sum = $('#figures-sum');
  if (values.some((value) => value == null)) {
    sum.textContent = t('desk.figures.sumIncomplete');
    sum.classList.remove('negative');
    return;
  }
  const [revenue, cost, expenses, tax] = values;
  const surplus = revenue - cost - expenses - tax;
  sum.textContent = yuan(surplus);
  sum.classList.toggle('negative', surplus < 0);
}

async function prefill() {
  const info = $('#figures-prefill-info');
  info.textContent = '';
  try {
    const figures = await api.call('GET', `/api/v1/accounting/periods/${desk.period.id}/prefill`);
    $('#figures-revenue').value = yuanInput(figures.revenueFen);
    $('#figures-cost').value = yuanInput(figures.costOfGoodsFen);
    info.textContent = t('desk.figures.prefilled', { revenue: yuan(figures.revenueFen), cost: yuan(figures.costOfGoodsFen) });
    liveSum();
  } catch (failure) {
    failed(failure, info);
  }
}

async function submitFigures(event) {
  event.preventDefault();
  const form = $('#figures-form');
  desk.ui.clearProblems(form);
  const local = {};
  const body = {};
  const loss = fenFromYuan($('#figures-loss').value || '0');
  if (loss == null) {
    local.carriedLossFen = t('desk.badAmount');
  }
  body.carriedLossFen = loss;
  if ($('#figures-mode-parts').checked) {
    for (const [id, field] of [['#figures-revenue', 'revenueFen'], ['#figures-cost', 'costOfGoodsFen'],
      ['#figures-expenses', 'expensesFen'], ['#figures-tax', 'incomeTaxFen']]) {
      const fen = fenFromYuan($(id).value);
      if (fen == null) {
        local[field] = t('desk.badAmount');
      }
      body[field] = fen;
    }
  } else {
    const surplus = signedFen($('#figures-surplus').value);
    if (surplus == null) {
      local.surplusFen = t('desk.badSignedAmount');
    }
    body.surplusFen = surplus;
  }
  if (Object.keys(local).length > 0) {
    desk.ui.showProblem(form, form.querySelector('.form-error'), localProblem(local));
    return;
  }
  const button = $('#figures-submit');
  button.disabled = true;
  try {
    renderPeriod(await api.call('PUT', `/api/v1/accounting/periods/${desk.period.id}/figures`, body));
    notice(t('desk.figures.saved'));
  } catch (failure) {
    formFailed(failure, form);
  } finally {
    button.disabled = false;
  }
}

function askClose() {
  $('#close-confirm-text').textContent = t('desk.close.confirm', { year: desk.period.year });
  $('#close-confirm').hidden = false;
  $('#close-period-button').hidden = true;
  $('#close-confirm-yes').focus();
}

function cancelClose() {
  $('#close-confirm').hidden = true;
  $('#close-period-button').hidden = false;
  $('#close-period-button').focus();
}

async function confirmClose() {
  const button = $('#close-confirm-yes');
  button.disabled = true;
  try {
    renderPeriod(await api.call('POST', `/api/v1/accounting/periods/${desk.period.id}/close`));
    $('#close-confirm').hidden = true;
    $('#close-period-button').hidden = false;
    notice(t('desk.close.done', { year: desk.period.year }));
    await loadPolicyChoices();
  } catch (failure) {
    failed(failure, $('#period-error'));
  } finally {
    button.disabled = false;
  }
}

async function loadPolicyChoices() {
  const select = $('#compute-policy');
  const options = [new Option(t('desk.compute.inEffect'), '')];
  try {
    desk.policies = await api.call('GET', '/api/v1/accounting/policies');
    for (const version of [...desk.policies].reverse()) {
      options.push(new Option(t('desk.compute.version', {
        version: version.version, from: version.effectiveFrom,
        provident: percent(version.policy.providentFundRateBp), patronage: percent(version.policy.patronageRateBp),
      }), String(version.version)));
    }
  } catch (failure) {
    if (failure instanceof api.Problem && desk.ui.expired(failure)) {
      return;
    }
  }
  select.replaceChildren(...options);
}

function runCard(run) {
  const card = $('#run-card').content.firstElementChild.cloneNode(true);
  card.dataset.runId = run.id;
  card.dataset.status = run.status;
  card.dataset.kind = run.kind;
  const open = card.querySelector('.open');
  open.textContent = kindName(run);
  open.href = `#/desk/runs/${encodeURIComponent(run.id)}`;
  runChip(card.querySelector('.status'), run);
  card.querySelector('.run-figures').textContent = t('desk.runs.figures', {
    surplus: yuan(run.surplusFen), distributable: yuan(run.distributableFen), lines: run.lineCount ?? '—',
  });
  const meta = [t('desk.run.computed', { who: run.computedBy, time: shanghaiTime(run.computedAt, lang()) })];
  if (run.approvedBy) {
    meta.push(t('desk.run.approved', { who: run.approvedBy, time: shanghaiTime(run.approvedAt, lang()) }));
  }
  card.querySelector('.run-meta').textContent = meta.join(' · ');
  card.querySelector('.run-links').replaceChildren(...runLinks(run));
  return card;
}

function runLink(key, id) {
  const link = document.createElement('a');
  link.href = `#/desk/runs/${encodeURIComponent(id)}`;
  link.textContent = t(key);
  link.dataset.linkTo = id;
  return link;
}

// reversal ↔ the run it undoes; correction ↔ the run it replaces
function runLinks(run) {
  const links = [];
  if (run.kind === 'REVERSAL' && run.correctsRunId) {
    links.push(runLink('desk.link.reverses', run.correctsRunId));
  }
  if (run.kind === 'RUN' && run.correctsRunId) {
    links.push(runLink('desk.link.corrects', run.correctsRunId));
  }
  if (run.reversedBy) {
    links.push(runLink('desk.link.reversedBy', run.reversedBy));
  }
  if (run.correctedBy) {
    links.push(runLink('desk.link.correctedBy', run.correctedBy));
  }
  if (run.reason) {
    const reason = document.createElement('span');
    reason.textContent = t('desk.run.reason', { reason: run.reason });
    links.push(reason);
  }
  return links;
}

async function periodRuns(periodId) {
  return api.call('GET', `/api/v1/accounting/periods/${encodeURIComponent(periodId)}/runs`);
}

async function loadRuns() {
  const error = $('#runs-error');
  error.textContent = '';
  try {
    const runs = await periodRuns(desk.period.id);
    $('#run-list').replaceChildren(...runs.map(runCard));
    $('#runs-empty').hidden = runs.length > 0;
  } catch (failure) {
    if (!(failure instanceof api.Problem) || desk.ui.expired(failure)) {
      return;
    }
    $('#run-list').replaceChildren();
    $('#runs-empty').hidden = true;
    error.textContent = failure.status === 404 || failure.status === 405 ? t('desk.runs.notYet')
      : desk.ui.problemMessage(failure);
  }
}

async function showPeriod(id) {
  showPage('#desk-period', 'periods');
  takeNotice();
  $('#period-error').textContent = '';
  $('#close-confirm').hidden = true;
  $('#close-period-button').hidden = false;
  for (const form of ['#figures-form', '#compute-form']) {
    desk.ui.clearProblems($(form));
  }
  $('#figures-prefill-info').textContent = '';
  if (desk.period?.id !== id) {
    $('#period-title').textContent = '';
    $('#period-figures').replaceChildren();
    $('#run-list').replaceChildren();
  }
  try {
    renderPeriod(await api.call('GET', `/api/v1/accounting/periods/${encodeURIComponent(id)}`));
  } catch (failure) {
    failed(failure, $('#period-error'));
    return;
  }
  await Promise.all([loadRuns(), loadPolicyChoices()]);
}

async function submitCompute(event) {
  event.preventDefault();
  const form = $('#compute-form');
  desk.ui.clearProblems(form);
  const version = $('#compute-policy').value;
  const button = $('#compute-submit');
  button.disabled = true;
  try {
    const run = await api.call('POST', `/api/v1/accounting/periods/${desk.period.id}/runs`,
      version ? { policyVersion: Number(version) } : {});
    desk.pendingNotice = t('desk.compute.done');
    desk.ui.go(`#/desk/runs/${run.id}`);
  } catch (failure) {
    formFailed(failure, form);
  } finally {
    button.disabled = false;
  }
}

// --- a run's page ------------------------------------------------------------------

function units(run) {
  const patronage = run.policy?.patronageBasis === 'QUANTITY' ? 'count' : 'yuan';
  const provident = run.policy?.providentBasis === 'PATRONAGE' ? patronage : 'yuan';
  return { patronage, capital: 'yuan', provident };
}

function renderPools(run) {
  const list = $('#run-pools');
  list.replaceChildren(...POOLS.map((pool) => {
    const item = document.createElement('li');
    item.className = 'pool';
    item.dataset.pool = pool.key;
    const top = document.createElement('div');
    top.className = 'card-top';
    const name = document.createElement('span');
    name.className = 'pool-name';
    name.textContent = t(`desk.pool.${pool.key}`);
    const amount = document.createElement('strong');
    amount.className = 'pool-amount';
    amount.textContent = yuan(run[pool.field]);
    top.append(name, amount);
    const rule = document.createElement('p');
    rule.className = 'pool-rule muted';
    rule.textContent = t(`desk.rule.${pool.key}`, {
      provident: percent(run.policy?.providentFundRateBp ?? 0), patronage: percent(run.policy?.patronageRateBp ?? 6000),
    });
    item.append(top, rule);
    return item;
  }));
  const policy = run.policy;
  $('#run-policy').textContent = policy ? t('desk.run.policy', {
    provident: percent(policy.providentFundRateBp), patronage: percent(policy.patronageRateBp),
    patronageBasis: t(`desk.basis.${policy.patronageBasis}`), providentBasis: t(`desk.basis.${policy.providentBasis}`),
    hash: (run.inputHash || '').slice(0, 12),
  }) : '';
}

function renderRunActions(run) {
  const approve = $('#run-approve');
  const why = $('#run-approve-why');
  const reverse = $('#reverse-form');
  const reverseOpen = $('#reverse-open');
  const correct = $('#run-correct');
  approve.hidden = true;
  why.hidden = true;
  reverse.hidden = true;
  reverseOpen.hidden = true;
  reverseOpen.setAttribute('aria-expanded', 'false');
  correct.hidden = true;
  approve.disabled = false;
  if (run.status === 'DRAFT') {
    if (!canWrite()) {
      why.hidden = false;
      why.textContent = t('desk.approve.adminCannot');
    } else if (run.computedBy === user().username) {
      // the same accountant may not approve what they computed: told before any call
      why.hidden = false;
      why.textContent = t('desk.approve.sameAccountant', { who: run.computedBy });
    } else {
      approve.hidden = false;
      approve.textContent = t(run.kind === 'REVERSAL' ? 'desk.run.approveReversal' : 'desk.run.approve');
    }
  }
  if (run.status === 'APPROVED' && run.kind === 'RUN' && canWrite()) {
    if (!run.reversedBy) {
      reverseOpen.hidden = false;
      desk.ui.clearProblems(reverse);
    } else if (!run.correctedBy) {
      correct.hidden = false;
      correct.href = `#/desk/periods/${encodeURIComponent(run.periodId)}`;
    }
  }
  $('#run-actions').hidden = approve.hidden && why.hidden && reverseOpen.hidden && correct.hidden;
}

function sortedLines(run) {
  const collator = new Intl.Collator(lang() === 'zh' ? 'zh-CN' : 'en', { numeric: true });
  const lines = [...run.lines];
  if (desk.sort === 'village') {
    // each village's households together, the village shareholder with them
    return lines.sort((a, b) => collator.compare(villageOf(a), villageOf(b))
      || Number(isVillage(b)) - Number(isVillage(a)) || collator.compare(a.name, b.name) || a.lineNo - b.lineNo);
  }
  // households first by name, then the villages
  return lines.sort((a, b) => Number(isVillage(a)) - Number(isVillage(b)) || collator.compare(a.name, b.name)
    || a.lineNo - b.lineNo);
}

function lineCard(run, line) {
  const card = $('#line-card').content.firstElementChild.cloneNode(true);
  translate(card);
  card.dataset.lineNo = String(line.lineNo);
  card.dataset.participant = line.participant;
  card.querySelector('.line-name').textContent = line.name;
  card.querySelector('.line-total').textContent = yuan(line.totalFen);
  const home = villageOf(line);
  card.querySelector('.line-who').textContent = [participantLabel(line), !isVillage(line) && home ? home : null]
    .filter(Boolean).join(' · ');
  const unit = units(run);
  const figures = card.querySelector('.line-figures');
  // a village shareholder takes part in the capital pool only
  const village = isVillage(line);
  if (!village) {
    figureRow(figures, t('desk.line.patronageWeight'), weight(line.patronageWeight, unit.patronage));
    figureRow(figures, t('desk.line.patronageRefund'), yuan(line.patronageRefundFen));
  }
  figureRow(figures, t('desk.line.capitalWeight'), weight(line.capitalWeight, unit.capital));
  figureRow(figures, t('desk.line.capitalShare'), yuan(line.capitalShareFen));
  if (!village) {
    figureRow(figures, t('desk.line.providentWeight'), weight(line.providentWeight, unit.provident));
    figureRow(figures, t('desk.line.providentShare'), yuan(line.providentShareFen));
  }
  const paid = card.querySelector('.line-paid');
  if (line.paidAt) {
    paid.textContent = t('desk.line.paid', { reference: line.paymentReference, time: shanghaiTime(line.paidAt, lang()) });
    paid.classList.add('is-paid');
  } else {
    paid.textContent = run.status === 'APPROVED' && run.kind === 'RUN' ? t('desk.line.unpaid') : '';
  }
  const form = card.querySelector('.line-pay');
  if (run.status === 'APPROVED' && run.kind === 'RUN' && !line.paidAt && !run.reversedBy && canWrite()) {
    form.hidden = false;
    const input = form.querySelector('input');
    input.id = `line-reference-${line.lineNo}`;
    form.querySelector('label').htmlFor = input.id;
  } else {
    form.remove();
  }
  for (const button of card.querySelectorAll('.line-statement button')) {
    button.setAttribute('aria-label', `${button.textContent} · ${line.name}`);
  }
  return card;
}

function renderLines(run) {
  for (const button of $('#lines-sort').querySelectorAll('button')) {
    button.setAttribute('aria-pressed', String(button.dataset.sort === desk.sort));
  }
  $('#run-lines').replaceChildren(...sortedLines(run).map((line) => lineCard(run, line)));
}

function renderRun(run) {
  desk.run = run;
  $('#run-title').textContent = t(run.kind === 'REVERSAL' ? 'desk.run.titleReversal'
    : (run.correctsRunId ? 'desk.run.titleCorrection' : 'desk.run.title'), { year: run.year });
  runChip($('#run-status'), run);
  $('#run-back').href = `#/desk/periods/${encodeURIComponent(run.periodId)}`;
  $('#run-back').textContent = t('desk.run.back', { year: run.year });
  const meta = [t('desk.run.computed', { who: run.computedBy, time: shanghaiTime(run.computedAt, lang()) })];
  if (run.approvedBy) {
    meta.push(t('desk.run.approved', { who: run.approvedBy, time: shanghaiTime(run.approvedAt, lang()) }));
  }
  $('#run-meta').textContent = meta.join(' · ');
  $('#run-links').replaceChildren(...runLinks(run));
  renderPools(run);
  renderRunActions(run);
  renderLines(run);
  $('#run-statements').hidden = run.kind === 'REVERSAL';
  loadVillages(run);
}

async function showRun(id) {
  showPage('#desk-run', 'periods');
  takeNotice();
  $('#run-error').textContent = '';
  $('#run-download-error').textContent = '';
  if (desk.run?.id !== id) {
    $('#run-title').textContent = '';
    $('#run-lines').replaceChildren();
    $('#run-pools').replaceChildren();
    $('#run-table').hidden = true;
    $('#run-table-toggle').setAttribute('aria-expanded', 'false');
    $('#reverse-reason').value = '';
  }
  let run;
  try {
    run = await api.call('GET', `/api/v1/accounting/runs/${encodeURIComponent(id)}`);
  } catch (failure) {
    failed(failure, $('#run-error'));
    return;
  }
  // what the period's list knows and the run does not: the run that corrects it
  try {
    const listed = (await periodRuns(run.periodId)).find((entry) => entry.id === run.id);
    if (listed) {
      run.correctedBy = listed.correctedBy;
      run.lineCount = listed.lineCount;
    }
  } catch (ignored) {
    // the run's own page tells the rest
  }
  renderRun(run);
  if (!$('#run-table').hidden) {
    await loadTable();
  }
}

async function approveRun() {
  const run = desk.run;
  const button = $('#run-approve');
  button.disabled = true;
  $('#run-error').textContent = '';
  try {
    const approved = await api.call('POST', `/api/v1/accounting/runs/${run.id}/approve`);
    approved.correctedBy = run.correctedBy;
    renderRun(approved);
    notice(t(approved.kind === 'REVERSAL' ? 'desk.approve.doneReversal' : 'desk.approve.done'));
  } catch (failure) {
    if (failure instanceof api.Problem && failure.code === 'SAME_ACCOUNTANT') {
      button.hidden = true;
      $('#run-approve-why').hidden = false;
      $('#run-approve-why').textContent = desk.ui.problemMessage(failure);
      return;
    }
    failed(failure, $('#run-error'));
  } finally {
    button.disabled = false;
  }
}

async function submitReverse(event) {
  event.preventDefault();
  const form = $('#reverse-form');
  desk.ui.clearProblems(form);
  const reason = $('#reverse-reason').value.trim();
  if (!reason) {
    desk.ui.showProblem(form, form.querySelector('.form-error'), localProblem({ reason: t('desk.reverse.needsReason') }));
    return;
  }
  const button = $('#reverse-submit');
  button.disabled = true;
  try {
    const reversal = await api.call('POST', `/api/v1/accounting/runs/${desk.run.id}/reverse`, { reason });
    desk.pendingNotice = t('desk.reverse.done');
    desk.ui.go(`#/desk/runs/${reversal.id}`);
  } catch (failure) {
    formFailed(failure, form);
  } finally {
    button.disabled = false;
  }
}

async function submitLinePaid(event) {
  const form = event.target.closest('form.line-pay');
  if (!form) {
    return;
  }
  event.preventDefault();
  desk.ui.clearProblems(form);
  const card = form.closest('[data-line-no]');
  const reference = form.querySelector('input').value.trim();
  if (!reference) {
    desk.ui.showProblem(form, form.querySelector('.form-error'), localProblem({ reference: t('required') }));
    return;
  }
  const button = form.querySelector('button');
  button.disabled = true;
  try {
    const run = await api.call('POST', `/api/v1/accounting/runs/${desk.run.id}/lines/${card.dataset.lineNo}/paid`,
      { reference });
    run.correctedBy = desk.run.correctedBy;
    desk.run = run;
    const line = run.lines.find((entry) => String(entry.lineNo) === card.dataset.lineNo);
    const replaced = lineCard(run, line);
    card.replaceWith(replaced);
    replaced.setAttribute('tabindex', '-1');
    replaced.focus();
    notice(t('desk.line.markedPaid', { name: line.name }));
  } catch (failure) {
    formFailed(failure, form);
  } finally {
    button.disabled = false;
  }
}

function onLinesClick(event) {
  const button = event.target.closest('button');
  const card = button?.closest('[data-line-no]');
  if (!card || !desk.run) {
    return;
  }
  const base = `/api/v1/accounting/runs/${desk.run.id}/lines/${card.dataset.lineNo}`;
  const error = card.querySelector('.line-error');
  if (button.classList.contains('statement-pdf')) {
    downloadTo(`${base}/statement.pdf`, `statement-${desk.run.year}-${card.dataset.lineNo}.pdf`, error);
  } else if (button.classList.contains('statement-print')) {
    openInTab(`${base}/statement.html`, error);
  }
}

async function loadTable() {
  const rows = $('#run-table-rows');
  try {
    const table = await api.call('GET', `/api/v1/accounting/runs/${desk.run.id}/distribution-table`);
    $('#run-table-title').textContent = t('desk.table.title', { year: table.year });
    rows.replaceChildren(...table.rows.map((row) => {
      const tr = document.createElement('tr');
      const item = document.createElement('th');
      item.scope = 'row';
      // each item is named "中文 English"
      const space = row.item.indexOf(' ');
      item.textContent = space < 0 ? row.item : (lang() === 'zh' ? row.item.slice(0, space) : row.item.slice(space + 1));
      const amount = document.createElement('td');
      amount.className = 'num';
      amount.textContent = yuan(row.amountFen);
      tr.append(item, amount);
      return tr;
    }));
  } catch (failure) {
    failed(failure, $('#run-download-error'));
  }
}

async function toggleTable() {
  const table = $('#run-table');
  const opening = table.hidden;
  table.hidden = !opening;
  $('#run-table-toggle').setAttribute('aria-expanded', String(opening));
  if (opening) {
    await loadTable();
  }
}

// --- policies ----------------------------------------------------------------------

function policyCard(version) {
  const card = document.createElement('li');
  card.className = 'card policy';
  card.dataset.version = String(version.version);
  const top = document.createElement('div');
  top.className = 'card-top';
  const name = document.createElement('strong');
  name.textContent = t('desk.policies.version', { version: version.version });
  const from = document.createElement('span');
  from.className = 'muted';
  from.textContent = t('desk.policies.effective', { from: version.effectiveFrom });
  top.append(name, from);
  const rates = document.createElement('p');
  rates.textContent = t('desk.policies.rates', {
    provident: percent(version.policy.providentFundRateBp), patronage: percent(version.policy.patronageRateBp),
  });
  const bases = document.createElement('p');
  bases.className = 'muted';
  bases.textContent = t('desk.policies.bases', {
    patronageBasis: t(`desk.basis.${version.policy.patronageBasis}`),
    providentBasis: t(`desk.basis.${version.policy.providentBasis}`),
    tieBreak: t(`desk.tie.${version.policy.tieBreak || 'MEMBER_NUMBER'}`),
  });
  card.append(top, rates, bases);
  return card;
}

async function showPolicies() {
  showPage('#desk-policies', 'policies');
  takeNotice();
  const form = $('#policy-form');
  form.hidden = !canWrite();
  desk.ui.clearProblems(form);
  try {
    const versions = await api.call('GET', '/api/v1/accounting/policies');
    $('#policy-list').replaceChildren(...[...versions].reverse().map(policyCard));
    $('#policies-empty').hidden = versions.length > 0;
  } catch (failure) {
    failed(failure, $('#desk-notice'));
  }
}

async function submitPolicy(event) {
  event.preventDefault();
  const form = $('#policy-form');
  desk.ui.clearProblems(form);
  const local = {};
  const effectiveFrom = $('#policy-from').value;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom)) {
    local.effectiveFrom = t('required');
  }
  const provident = basisPoints($('#policy-provident').value);
  if (provident == null || provident > 10000) {
    local.providentFundRateBp = t('desk.policies.badRate');
  }
  const patronage = basisPoints($('#policy-patronage').value);
  if (patronage == null || patronage > 10000) {
    local.patronageRateBp = t('desk.policies.badRate');
  } else if (patronage < 6000) {
    local.patronageRateBp = t('desk.policies.belowLaw');
  }
  if (Object.keys(local).length > 0) {
    desk.ui.showProblem(form, form.querySelector('.form-error'), localProblem(local));
    return;
  }
  const button = $('#policy-submit');
  button.disabled = true;
  try {
    const version = await api.call('POST', '/api/v1/accounting/policies', {
      effectiveFrom, providentFundRateBp: provident, patronageRateBp: patronage,
      patronageBasis: $('#policy-patronage-basis').value, providentBasis: $('#policy-provident-basis').value,
      tieBreak: $('#policy-tie').value,
    });
    desk.pendingNotice = t('desk.policies.saved', { version: version.version });
    form.reset();
    await showPolicies();
  } catch (failure) {
    formFailed(failure, form);
  } finally {
    button.disabled = false;
  }
}

// --- imports -----------------------------------------------------------------------

function importKind() {
  return $('#import-form').querySelector('[name="kind"]:checked').value;
}

function showImportColumns() {
  $('#import-columns').textContent = t(`desk.imports.columns.${importKind()}`);
}

function showImports() {
  showPage('#desk-imports', 'imports');
  takeNotice();
  $('#import-form').hidden = !canWrite();
  showImportColumns();
  if (!canWrite()) {
    notice(t('desk.imports.adminCannot'), false);
  }
}

async function submitImport(event) {
  event.preventDefault();
  const form = $('#import-form');
  desk.ui.clearProblems(form);
  const file = $('#import-file').files[0];
  if (!file) {
    desk.ui.showProblem(form, form.querySelector('.form-error'), localProblem({ file: t('desk.imports.needsFile') }));
    return;
  }
  if (!/\.(csv|xlsx)$/i.test(file.name)) {
    desk.ui.showProblem(form, form.querySelector('.form-error'), localProblem({ file: t('desk.imports.badType') }));
    return;
  }
  const kind = importKind();
  const body = new FormData();
  body.append('file', file, file.name);
  const button = $('#import-submit');
  button.disabled = true;
  $('#import-result').hidden = true;
  try {
    const answer = await api.upload(`/api/v1/accounting/imports/${kind}`, body);
    const done = answer.body || {};
    $('#import-result').hidden = false;
    $('#import-refused').hidden = true;
    const summary = $('#import-summary');
    summary.classList.remove('refused');
    summary.classList.toggle('ok', !done.repeated);
    summary.textContent = t(done.repeated ? 'desk.imports.repeated' : 'desk.imports.done', {
      rows: done.rows, file: done.fileName || file.name, who: done.importedBy || '',
      time: shanghaiTime(done.importedAt, lang()), kind: t(`desk.imports.${kind}`),
    });
  } catch (failure) {
    if (!(failure instanceof api.Problem)) {
      throw failure;
    }
    if (desk.ui.expired(failure)) {
      return;
    }
    if (failure.code === 'IMPORT_REFUSED' && Array.isArray(failure.body.rows)) {
      showRefusedRows(failure);
    } else if (failure.status === 404) {
      desk.ui.showProblem(form, form.querySelector('.form-error'), new api.Problem(404, { code: 'NOT_YET' }, null));
    } else {
      desk.ui.showProblem(form, form.querySelector('.form-error'), failure);
    }
  } finally {
    button.disabled = false;
  }
}

// the import's own (English) row messages in the page's words where they are known
const ROW_MESSAGES = [
  [/^required$/, 'desk.row.required'],
  [/^must not be in the future$/, 'desk.row.future'],
  [/^must not be zero$/, 'desk.row.zero'],
  [/^no member household has the number (.+)$/, 'desk.row.noMember'],
  [/^the books are closed through (\S+): (\S+) belongs to a closed fiscal year$/, 'desk.row.closed'],
  [/^a day is written /, 'desk.row.badDay'],
  [/^no such day: (.+)$/, 'desk.row.noDay'],
  [/^not an amount in yuan with at most two decimals/, 'desk.row.badAmount'],
  [/^a member number is a whole number/, 'desk.row.badMember'],
  [/^a quantity is a whole number/, 'desk.row.badQuantity'],
  [/^a row needs an amount or a quantity$/, 'desk.row.needsAmount'],
];

function rowMessage(message) {
  for (const [pattern, key] of ROW_MESSAGES) {
    const match = pattern.exec(message);
    if (match) {
      return t(key, { a: match[1] ?? '', b: match[2] ?? '' });
    }
  }
  return message;
}

function columnName(field) {
  return field && has(`desk.column.${field}`) ? t(`desk.column.${field}`) : field;
}

function showRefusedRows(failure) {
  $('#import-result').hidden = false;
  const summary = $('#import-summary');
  summary.classList.remove('ok');
  summary.classList.add('refused');
  summary.textContent = t('desk.imports.refused', { count: failure.body.rows.length, detail: failure.body.detail || '' });
  $('#import-refused').hidden = false;
  $('#import-rows').replaceChildren(...failure.body.rows.map((row) => {
    const tr = document.createElement('tr');
    tr.dataset.row = String(row.row);
    const number = document.createElement('td');
    number.className = 'num';
    number.textContent = String(row.row);
    // the column in words, with the heading the file has
    const column = document.createElement('td');
    column.textContent = columnName(row.field ?? '');
    if (row.field && column.textContent !== row.field) {
      const code = document.createElement('code');
      code.textContent = row.field;
      column.append(document.createElement('br'), code);
    }
    const message = document.createElement('td');
    message.textContent = rowMessage(row.message ?? '');
    tr.append(number, column, message);
    return tr;
  }));
  $('#import-summary').focus({ preventScroll: true });
  $('#import-summary').scrollIntoView({ block: 'nearest' });
}

function downloadTemplate(extension) {
  const kind = importKind();
  downloadTo(`/api/v1/accounting/imports/${kind}/template.${extension}`, `${kind}-template.${extension}`,
    $('#import-form .form-error'));
}

// --- audit log ---------------------------------------------------------------------

function auditQuery() {
  const query = new URLSearchParams();
  for (const [id, name] of [['#audit-actor', 'actor'], ['#audit-kind', 'entityKind'], ['#audit-entity', 'entityId']]) {
    const value = $(id).value.trim();
    if (value) {
      query.set(name, value);
    }
  }
  // dates are Beijing days: from its first moment, to the end of the "to" day
  const from = $('#audit-from').value;
  if (from) {
    query.set('from', new Date(`${from}T00:00:00+08:00`).toISOString());
  }
  const to = $('#audit-to').value;
  if (to) {
    query.set('to', new Date(Date.parse(`${to}T00:00:00+08:00`) + 24 * 3600 * 1000).toISOString());
  }
  return query;
}

function auditCard(entry) {
  const card = document.createElement('li');
  card.className = 'card audit';
  const top = document.createElement('div');
  top.className = 'card-top';
  const action = document.createElement('strong');
  // the action in words where the page knows it, its code beside
  action.textContent = has(`desk.action.${entry.action}`) ? t(`desk.action.${entry.action}`) : entry.action;
  action.title = entry.action;
  card.dataset.action = entry.action;
  const at = document.createElement('span');
  at.className = 'muted';
  at.textContent = shanghaiTime(entry.at, lang());
  top.append(action, at);
  const who = document.createElement('p');
  who.textContent = t('desk.audit.line', { actor: entry.actor, subject: entry.subject ?? '' });
  card.append(top, who);
  for (const [key, value] of [['desk.audit.before', entry.before], ['desk.audit.after', entry.after]]) {
    if (value == null) {
      continue;
    }
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = t(key);
    const pre = document.createElement('pre');
    pre.textContent = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    details.append(summary, pre);
    card.append(details);
  }
  return card;
}

async function loadAudit() {
  const form = $('#audit-form');
  const error = form.querySelector('.form-error');
  desk.ui.clearProblems(form);
  const query = desk.auditQuery || new URLSearchParams();
  query.set('page', String(desk.auditPage));
  query.set('size', '20');
  try {
    const page = await api.call('GET', `/api/v1/admin/audit?${query}`);
    $('#audit-list').replaceChildren(...page.items.map(auditCard));
    $('#audit-empty').hidden = page.items.length > 0;
    $('#audit-pager').hidden = page.totalPages <= 1;
    $('#audit-page').textContent = t('pager.info', { page: page.page + 1, pages: Math.max(page.totalPages, 1) });
    $('#audit-prev').disabled = page.page <= 0;
    $('#audit-next').disabled = page.page + 1 >= page.totalPages;
  } catch (failure) {
    if (!(failure instanceof api.Problem) || desk.ui.expired(failure)) {
      return;
    }
    $('#audit-list').replaceChildren();
    if (failure.status === 404) {
      error.textContent = t('desk.notYet');
    } else {
      desk.ui.showProblem(form, error, failure);
    }
  }
}

async function showAudit() {
  showPage('#desk-audit', 'audit');
  takeNotice();
  await loadAudit();
}

// --- routing -----------------------------------------------------------------------

/** Shows the desk page of a #/desk… hash; answers false when the hash is not the desk's. */
export async function route(hash) {
  const brand = document.querySelector('.brand');
  if (!hash.startsWith('#/desk')) {
    brand.textContent = t('brand');
    document.title = t('title.host');
    return false;
  }
  brand.textContent = t('desk.brand');
  document.title = t('title.desk');
  let match;
  if ((match = /^#\/desk\/periods\/([0-9a-f-]{36})$/i.exec(hash))) {
    await showPeriod(match[1]);
  } else if ((match = /^#\/desk\/runs\/([0-9a-f-]{36})$/i.exec(hash))) {
    await showRun(match[1]);
  } else if (hash === '#/desk/policies') {
    await showPolicies();
  } else if (hash === '#/desk/imports') {
    showImports();
  } else if (hash === '#/desk/audit') {
    await showAudit();
  } else {
    if (hash !== '#/desk') {
      history.replaceState(null, '', '#/desk');
    }
    await showPeriods();
  }
  return true;
}

/**
 * Wires the desk's forms; ui gives app.js's helpers: show, go, expired, problemMessage,
 * showProblem, clearProblems, clearFieldProblem, user.
 */
export function start(ui) {
  desk.ui = ui;
  $('#open-period-form').addEventListener('submit', submitOpenPeriod);
  $('#periods-prev').addEventListener('click', () => {
    desk.periodsPage = Math.max(0, desk.periodsPage - 1);
    showPeriods();
  });
  $('#periods-next').addEventListener('click', () => {
    desk.periodsPage += 1;
    showPeriods();
  });
  $('#figures-form').addEventListener('submit', submitFigures);
  $('#figures-form').addEventListener('input', (event) => {
    ui.clearFieldProblem(event);
    liveSum();
  });
  $('#figures-mode-parts').addEventListener('change', figuresMode);
  $('#figures-mode-surplus').addEventListener('change', figuresMode);
  $('#figures-prefill').addEventListener('click', prefill);
  $('#close-period-button').addEventListener('click', askClose);
  $('#close-confirm-no').addEventListener('click', cancelClose);
  $('#close-confirm-yes').addEventListener('click', confirmClose);
  $('#compute-form').addEventListener('submit', submitCompute);
  $('#run-approve').addEventListener('click', approveRun);
  $('#reverse-form').addEventListener('submit', submitReverse);
  $('#reverse-open').addEventListener('click', () => {
    $('#reverse-form').hidden = false;
    $('#reverse-open').hidden = true;
    $('#reverse-open').setAttribute('aria-expanded', 'true');
    $('#reverse-reason').focus();
  });
  $('#reverse-cancel').addEventListener('click', () => {
    $('#reverse-form').hidden = true;
    $('#reverse-open').hidden = false;
    $('#reverse-open').setAttribute('aria-expanded', 'false');
    $('#reverse-open').focus();
  });
  $('#reverse-form').addEventListener('input', ui.clearFieldProblem);
  $('#run-lines').addEventListener('submit', submitLinePaid);
  $('#run-lines').addEventListener('click', onLinesClick);
  $('#run-lines').addEventListener('input', (event) => {
    const form = event.target.closest('form');
    if (form) {
      ui.clearFieldProblem({ target: event.target, currentTarget: form });
    }
  });
  $('#lines-sort').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-sort]');
    if (button && desk.run) {
      desk.sort = button.dataset.sort;
      renderLines(desk.run);
    }
  });
  $('#run-table-toggle').addEventListener('click', toggleTable);
  $('#run-statements').addEventListener('click', () => downloadTo(`/api/v1/accounting/runs/${desk.run.id}/statements.pdf`,
    `statements-${desk.run.year}.pdf`, $('#run-download-error')));
  $('#run-csv').addEventListener('click', () => downloadTo(`/api/v1/accounting/runs/${desk.run.id}/export.csv`,
    `dividend-run-${desk.run.year}.csv`, $('#run-download-error')));
  $('#policy-form').addEventListener('submit', submitPolicy);
  $('#policy-form').addEventListener('input', ui.clearFieldProblem);
  $('#import-form').addEventListener('submit', submitImport);
  $('#import-form').addEventListener('input', ui.clearFieldProblem);
  $('#import-form').addEventListener('change', (event) => {
    if (event.target.name === 'kind') {
      showImportColumns();
      $('#import-result').hidden = true;
    }
  });
  $('#import-template-xlsx').addEventListener('click', () => downloadTemplate('xlsx'));
  $('#import-template-csv').addEventListener('click', () => downloadTemplate('csv'));
  $('#audit-form').addEventListener('submit', (event) => {
    event.preventDefault();
    desk.auditQuery = auditQuery();
    desk.auditPage = 0;
    loadAudit();
  });
  $('#audit-prev').addEventListener('click', () => {
    desk.auditPage = Math.max(0, desk.auditPage - 1);
    loadAudit();
  });
  $('#audit-next').addEventListener('click', () => {
    desk.auditPage += 1;
    loadAudit();
  });
}
