// The console's screens: sign-in, my sessions, new session, a session's page (editing it and its line-up,
// entering orders, its orders and live sales). Routes are the URL's hash.
import * as api from './api.js';
import * as desk from './desk.js';
import * as register from './register.js';
import { has, lang, setLang, t, translate } from './i18n.js';
import {
  fenFromYuan, fromShanghaiLocal, nextHourInShanghai, shanghaiClock, shanghaiTime, toShanghaiLocal, yuan, yuanInput,
} from './format.js';

const $ = (selector) => document.querySelector(selector);

const state = {
  user: null, displayName: null, status: '', page: 0, notice: null, session: null, skus: new Map(), confirming: null,
  // the order being entered: its idempotency key (kept while it is retried unchanged),
  // the phone last looked up and what it filled in
  orderKey: null, lookedUp: null, filled: null, orderItem: null,
  // the live stats stream, the latest figures and orders per minute for the chart
  stream: null, stats: null, perMinute: new Map(), chart: null,
};

const VIEWS = ['#view-sign-in', '#view-sessions', '#view-new-session', '#view-session', '#view-desk', '#view-register'];

function show(view) {
  if (view !== '#view-session') {
    stopStats();
  }
  $('#loading').hidden = true;
  for (const id of VIEWS) {
    $(id).hidden = id !== view;
  }
  $('#sign-out').hidden = state.user == null;
}

// --- problems shown in words -------------------------------------------------------

function problemMessage(problem) {
  if (problem.status === 0) {
    return t('problem.NETWORK');
  }
  const seconds = problem.retryAfter ?? 1;
  if (problem.code && has(`problem.${problem.code}`)) {
    const words = t(`problem.${problem.code}`, { seconds });
    // a wording that ends in a colon is followed by the answer's own reason
    return /[:：]$/.test(words) && problem.body.detail ? `${words} ${problem.body.detail}` : words;
  }
  if (problem.status === 403 && !problem.code) {
    return t('problem.FORBIDDEN');
  }
  const detail = problem.body.detail || problem.message;
  return problem.retryAfter != null ? `${detail} ${t('problem.RETRY', { seconds })}` : detail;
}

function fieldMessage(message) {
  return has(`validation.${message}`) ? t(`validation.${message}`) : message;
}

// editing a field takes its problem away; the others stay until the next answer
function clearFieldProblem(event) {
  const field = event.target.name;
  if (field && event.target.getAttribute('aria-invalid') === 'true') {
    event.target.removeAttribute('aria-invalid');
    const slot = event.currentTarget.querySelector(`.field-error[data-field="${CSS.escape(field)}"]`);
    if (slot) {
      slot.textContent = '';
    }
    if (!event.currentTarget.querySelector('[aria-invalid="true"]')) {
      event.currentTarget.querySelector('.form-error').textContent = '';
    }
  }
}

function clearProblems(form) {
  for (const element of form.querySelectorAll('.field-error, .form-error')) {
    element.textContent = '';
  }
  for (const input of form.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
  }
}

// Puts each field's message next to the field it names; what names no field on the
// form goes under it.
function showProblem(form, formError, problem) {
  const fields = problem.fieldErrors();
  if (problem.body.field && problem.code && has(`problem.${problem.code}`)) {
    fields[problem.body.field] = problemMessage(problem);
  }
  const unplaced = [];
  for (const [field, message] of Object.entries(fields)) {
    const slot = form.querySelector(`.field-error[data-field="${CSS.escape(field)}"]`);
    if (slot && !slot.closest('[hidden]')) {
      slot.textContent = fieldMessage(message);
      form.querySelector(`[name="${CSS.escape(field)}"]`)?.setAttribute('aria-invalid', 'true');
    } else {
      unplaced.push(`${field}: ${fieldMessage(message)}`);
    }
  }
  const placedAll = Object.keys(fields).length > 0 && unplaced.length === 0;
  formError.textContent = placedAll ? t('problem.INVALID_INPUT') : [problemMessage(problem), ...unplaced].join(' ');
  form.querySelector('[aria-invalid]')?.focus();
}

// --- sign-in -----------------------------------------------------------------------

function showSignIn() {
  show('#view-sign-in');
  const form = $('#sign-in-form');
  clearProblems(form);
  if (state.notice) {
    $('#sign-in-error').textContent = t(state.notice);
    state.notice = null;
  }
  $('#username').focus();
}

async function submitSignIn(event) {
  event.preventDefault();
  const form = $('#sign-in-form');
  clearProblems(form);
  const button = $('#sign-in-submit');
  button.disabled = true;
  try {
    state.user = await api.signIn($('#username').value.trim(), $('#password').value);
    $('#password').value = '';
    state.page = 0;
    state.status = '';
    await loadDisplayName();
    go(register.returnTo() || (state.user.role === 'ACCOUNTANT' ? '#/desk' : '#/sessions'));
  } catch (failure) {
    if (!(failure instanceof api.Problem)) {
      throw failure;
    }
    showProblem(form, $('#sign-in-error'), failure);
  } finally {
    button.disabled = false;
  }
}

async function loadDisplayName() {
  state.displayName = state.user.username;
  if (state.user.role === 'HOST') {
    try {
      state.displayName = (await api.call('GET', '/api/v1/host/profile')).name;
    } catch (ignored) {
      // the username will do
    }
  }
}

function signOut() {
  api.forgetToken();
  state.user = null;
  state.notice = 'signIn.signedOut';
  go('#/sign-in');
}

// --- sessions ----------------------------------------------------------------------

function sessionCard(session) {
  const card = $('#session-card').content.firstElementChild.cloneNode(true);
  card.dataset.sessionId = session.id;
  card.dataset.status = session.status;
  const status = card.querySelector('.status');
  status.textContent = t(`status.${session.status}`);
  status.classList.add(`status-${session.status.toLowerCase()}`);
  card.querySelector('.channel').textContent = t(`channel.${session.channel}`);
  const open = card.querySelector('.session-title .open');
  open.textContent = session.title;
  open.href = `#/sessions/${encodeURIComponent(session.id)}`;
  let when = t('session.start', { time: shanghaiTime(session.scheduledStart, lang()) });
  if (session.status === 'LIVE' && session.startedAt) {
    when = t('session.started', { time: shanghaiTime(session.startedAt, lang()) });
  } else if (session.status === 'ENDED' && session.endedAt) {
    when = t('session.ended', { time: shanghaiTime(session.endedAt, lang()) });
  }
  card.querySelector('.start').textContent = when;
  const lineup = session.lineup || [];
  card.querySelector('.lineup').textContent = lineup.length === 0 ? t('session.noLineup')
    : t('session.lineup', {
      count: lineup.length,
      price: yuan(lineup.reduce((low, item) => Math.min(low, item.sessionPriceFen), Number.MAX_SAFE_INTEGER)),
    });
  const room = card.querySelector('.room');
  if (session.roomLink && /^https?:\/\//i.test(session.roomLink)) {
    room.href = session.roomLink;
    room.textContent = t('session.room');
  } else {
    room.remove();
  }
  return card;
}

async function showSessions() {
  show('#view-sessions');
  $('#sessions-title').textContent = t(state.user.role === 'ADMIN' ? 'sessions.all' : 'sessions.mine');
  $('#who').textContent = t(`who.${state.user.role}`, { name: state.displayName || state.user.username });
  $('#to-desk').hidden = state.user.role !== 'ADMIN';
  $('#to-register').hidden = state.user.role !== 'ADMIN';
  for (const button of $('#status-filter').querySelectorAll('button')) {
    button.setAttribute('aria-pressed', String(button.dataset.status === state.status));
  }
  const error = $('#sessions-error');
  error.textContent = state.notice ? t(state.notice) : '';
  error.classList.toggle('notice', state.notice != null);
  state.notice = null;
  try {
    const page = await api.sessions(state.status, state.page);
    const list = $('#session-list');
    list.replaceChildren(...page.items.map(sessionCard));
    $('#sessions-empty').hidden = page.items.length > 0;
    $('#pager').hidden = page.totalPages <= 1;
    $('#page-info').textContent = t('pager.info', { page: page.page + 1, pages: Math.max(page.totalPages, 1) });
    $('#page-prev').disabled = page.page <= 0;
    $('#page-next').disabled = page.page + 1 >= page.totalPages;
  } catch (failure) {
    if (!(failure instanceof api.Problem) || expired(failure)) {
      return;
    }
    error.classList.remove('notice');
    error.textContent = problemMessage(failure);
  }
}

// --- a new session -----------------------------------------------------------------

function showNewSession() {
  show('#view-new-session');
  const form = $('#session-form');
  clearProblems(form);
  form.reset();
  $('#scheduledStart').value = nextHourInShanghai();
  $('#host-member-field').hidden = state.user.role !== 'ADMIN';
  $('#title').focus();
}

async function submitSession(event) {
  event.preventDefault();
  const form = $('#session-form');
  clearProblems(form);
  const details = {
    title: $('#title').value.trim(),
    channel: $('#channel').value,
    roomLink: $('#roomLink').value.trim(),
    scheduledStart: fromShanghaiLocal($('#scheduledStart').value),
  };
  if (state.user.role === 'ADMIN' && $('#hostMemberId').value.trim()) {
    details.hostMemberId = $('#hostMemberId').value.trim();
  }
  const button = $('#session-submit');
  button.disabled = true;
  try {
    await api.createSession(details);
    state.notice = 'sessions.created';
    state.status = '';
    state.page = 0;
    go('#/sessions');
  } catch (failure) {
    if (!(failure instanceof api.Problem)) {
      throw failure;
    }
    if (!expired(failure)) {
      showProblem(form, $('#session-form-error'), failure);
    }
  } finally {
    button.disabled = false;
  }
}

// --- a session's page --------------------------------------------------------------

async function showSession(id) {
  show('#view-session');
  const error = $('#session-error');
  error.classList.remove('notice');
  error.textContent = '';
  closeConfirm();
  if (state.session?.id !== id) {
    stopStats();
    state.session = null;
    state.perMinute = new Map();
    state.stats = null;
    $('#order-list').replaceChildren();
    $('#live-items').replaceChildren();
    clearProblems($('#order-form'));
    $('#order-form').reset();
    $('#order-known').textContent = '';
    state.lookedUp = null;
    state.filled = null;
    state.orderKey = null;
    state.orderItem = null;
    $('#session-title').textContent = '';
    $('#lineup-list').replaceChildren();
    clearProblems($('#item-form'));
    $('#item-form').reset();
    closeEditSession();
  }
  try {
    renderSession(await api.session(id));
  } catch (failure) {
    if (!(failure instanceof api.Problem) || expired(failure)) {
      return;
    }
    error.textContent = problemMessage(failure);
  }
  if (state.session?.id === id && state.session.status !== 'SCHEDULED') {
    loadOrders();
  }
  if ($('#skuId').options.length === 0) {
    await searchSkus();
  }
}

function renderSession(session) {
  state.session = session;
  const status = $('#session-status');
  status.textContent = t(`status.${session.status}`);
  status.className = `status status-${session.status.toLowerCase()}`;
  $('#session-channel').textContent = t(`channel.${session.channel}`);
  $('#session-title').textContent = session.title;
  const lines = [t('session.start', { time: shanghaiTime(session.scheduledStart, lang()) })];
  if (session.startedAt) {
    lines.push(t('session.started', { time: shanghaiTime(session.startedAt, lang()) }));
  }
  if (session.endedAt) {
    lines.push(t('session.ended', { time: shanghaiTime(session.endedAt, lang()) }));
  }
  $('#session-when').textContent = lines.join(' · ');
  $('#session-start').hidden = session.status !== 'SCHEDULED';
  $('#session-end').hidden = session.status !== 'LIVE';
  $('#session-edit').hidden = session.status === 'ENDED';
  if (session.status === 'ENDED') {
    closeEditSession();
  }
  const lineup = session.lineup || [];
  $('#lineup-list').replaceChildren(...lineup.map((item) => lineupItem(item, session)));
  $('#lineup-empty').hidden = lineup.length > 0;
  // the API takes new items until the session ends; a live one holds their quota at once
  $('#add-item').hidden = session.status === 'ENDED';
  $('#quick-order').hidden = session.status !== 'LIVE';
  $('#orders').hidden = session.status === 'SCHEDULED';
  $('#live-panel').hidden = session.status !== 'LIVE';
  renderOrderItems(lineup);
  if (session.status === 'LIVE') {
    followStats();
  } else {
    stopStats();
  }
  if (state.stats && session.status === 'LIVE') {
    // in the page's language, until the next figures come
    showFigures(state.stats);
    applyStatsToLineup(state.stats);
  }
}

function lineupItem(item, session) {
  const card = $('#lineup-item').content.firstElementChild.cloneNode(true);
  translate(card);
  card.dataset.itemId = item.id;
  card.dataset.skuCode = item.skuCode;
  card.classList.toggle('pinned', item.pinned);
  card.querySelector('.sku').textContent = item.skuCode;
  const known = state.skus.get(item.skuId);
  card.querySelector('.name').textContent = known ? skuName(known) : '';
  card.querySelector('.price').textContent = t('lineup.price', { price: yuan(item.sessionPriceFen) });
  const sold = Math.min(item.sold, item.quota);
  card.querySelector('.meter-fill').style.width = `${item.quota > 0 ? (100 * sold) / item.quota : 0}%`;
  card.querySelector('.meter').setAttribute('aria-label', t('lineup.counts', item));
  card.querySelector('.counts').textContent = t('lineup.counts', item);
  card.querySelector('.terms').textContent = t('lineup.terms', item);
  const flags = [];
  if (item.verifiedBuyers) {
    flags.push(t('lineup.verifiedBuyers'));
  }
  if (item.payToClaim) {
    flags.push(t('lineup.payToClaim'));
  }
  card.querySelector('.flags').textContent = flags.join(' · ');
  card.querySelector('.flags').hidden = flags.length === 0;
  card.querySelector('.pinned-mark').hidden = !item.pinned;
  const soldOut = item.remaining <= 0;
  card.classList.toggle('is-sold-out', soldOut);
  card.querySelector('.sold-out').hidden = !soldOut;
  const pin = card.querySelector('.pin');
  pin.hidden = item.pinned || session.status === 'ENDED';
  // the API changes and removes items only before the session goes live
  card.querySelector('.item-actions').hidden = session.status !== 'SCHEDULED';
  return card;
}

function closeConfirm() {
  state.confirming = null;
  $('#confirm').hidden = true;
  $('#session-actions').hidden = false;
}

function askConfirm(verb) {
  state.confirming = verb;
  $('#confirm-text').textContent = t(`confirm.${verb}`, { title: state.session.title });
  $('#confirm-yes').textContent = t(`confirm.${verb}Yes`);
  $('#confirm').hidden = false;
  $('#session-actions').hidden = true;
  $('#confirm-yes').focus();
}

async function confirmTransition() {
  const verb = state.confirming;
  if (!verb || !state.session) {
    return;
  }
  const button = $('#confirm-yes');
  button.disabled = true;
  const error = $('#session-error');
  error.textContent = '';
  try {
    renderSession(await api.transition(state.session.id, verb));
    closeConfirm();
    error.classList.add('notice');
    error.textContent = t(verb === 'start' ? 'session.nowLive' : 'session.nowEnded');
  } catch (failure) {
    if (!(failure instanceof api.Problem) || expired(failure)) {
      return;
    }
    closeConfirm();
    error.classList.remove('notice');
    error.textContent = problemMessage(failure);
  } finally {
    button.disabled = false;
  }
}

async function pinItem(itemId) {
  const error = $('#session-error');
  error.textContent = '';
  try {
    renderSession(await api.pin(state.session.id, itemId));
  } catch (failure) {
    if (!(failure instanceof api.Problem) || expired(failure)) {
      return;
    }
    error.classList.remove('notice');
    error.textContent = problemMessage(failure);
  }
}

// --- the SKU picker ---

function skuName(sku) {
  const name = lang() === 'en' && sku.nameEn ? sku.nameEn : sku.nameZh;
  return [name, sku.grade].filter(Boolean).join(' · ');
}

// a line-up item as a host calls it: the product's name and grade when known, else the SKU
function itemName(item) {
  const known = item && state.skus.get(item.skuId);
  return known ? skuName(known) : item?.skuCode;
}

let searches = 0;

async function searchSkus() {
  const select = $('#skuId');
  const info = $('#sku-info');
  // only the latest search fills the picker: an earlier one answering late is dropped
  const search = ++searches;
  try {
    const page = await api.products($('#sku-search').value.trim(), 100);
    if (search !== searches) {
      return;
    }
    const options = [];
    for (const product of page.items) {
      for (const sku of product.skus || []) {
        const known = { ...sku, nameZh: product.nameZh, nameEn: product.nameEn };
        state.skus.set(sku.id, known);
        const option = document.createElement('option');
        option.value = sku.id;
        option.textContent = `${sku.code} · ${skuName(known)}`;
        options.push(option);
      }
    }
    select.replaceChildren(...options);
    if (options.length === 0) {
      info.textContent = t('addItem.noSkus');
      return;
    }
    await showSkuInfo();
  } catch (failure) {
    if (!(failure instanceof api.Problem) || expired(failure)) {
      return;
    }
    info.textContent = problemMessage(failure);
  }
}

async function showSkuInfo() {
  const sku = state.skus.get($('#skuId').value);
  const info = $('#sku-info');
  if (!sku) {
    info.textContent = '';
    return;
  }
  const base = t('addItem.skuInfo', { unit: t(`unit.${sku.unit}`), price: yuan(sku.listPriceFen) });
  info.textContent = base;
  try {
    const level = await api.stock(sku.id);
    if ($('#skuId').value === sku.id) {
      info.textContent = `${base} · ${t('addItem.stock', { available: level.available })}`;
    }
  } catch (ignored) {
    // the list price will do
  }
}

function wholeNumber(value) {
  return /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : null;
}

// A problem made here, before asking the API, shaped like the API's own.
function localProblem(fields) {
  return new api.Problem(400, {
    errors: Object.entries(fields).map(([field, message]) => ({ field, message })),
  });
}

// An item's terms as its form says them (the add and the edit forms name their fields
// alike), with what is wrong by field; the price typed in yuan becomes integer fen.
function readTerms(form) {
  const field = (name) => form.querySelector(`[name="${name}"]`);
  const local = {};
  const price = fenFromYuan(field('sessionPriceFen').value);
  if (price == null || price <= 0) {
    local.sessionPriceFen = t('addItem.badPrice');
  }
  const quota = wholeNumber(field('quota').value);
  if (quota == null || quota <= 0) {
    local.quota = t('addItem.badCount');
  }
  const perBuyerLimit = wholeNumber(field('perBuyerLimit').value);
  if (perBuyerLimit == null || perBuyerLimit <= 0) {
    local.perBuyerLimit = t('addItem.badCount');
  }
  const holdMinutes = wholeNumber(field('holdMinutes').value);
  if (holdMinutes == null || holdMinutes < 1 || holdMinutes > 60) {
    local.holdMinutes = t('addItem.badHold');
  }
  const terms = {
    sessionPriceFen: price,
    quota,
    perBuyerLimit,
    verifiedBuyers: field('verifiedBuyers').checked,
    payToClaim: field('payToClaim').checked,
    holdMinutes,
  };
  return { terms, local };
}

async function submitItem(event) {
  event.preventDefault();
  const form = $('#item-form');
  clearProblems(form);
  const { terms, local } = readTerms(form);
  if (!$('#skuId').value) {
    local.skuId = t('required');
  }
  if (Object.keys(local).length > 0) {
    showProblem(form, $('#item-form-error'), localProblem(local));
    return;
  }
  const details = { skuId: $('#skuId').value, ...terms };
  const button = $('#item-submit');
  button.disabled = true;
  try {
    renderSession(await api.addItem(state.session.id, details));
    form.reset();
    $('#sku-search').value = '';
    await showSkuInfo();
    const error = $('#session-error');
    error.classList.add('notice');
    error.textContent = t('addItem.added', { code: state.skus.get(details.skuId)?.code ?? '' });
  } catch (failure) {
    if (!(failure instanceof api.Problem)) {
      throw failure;
    }
    if (!expired(failure)) {
      showProblem(form, $('#item-form-error'), failure);
    }
  } finally {
    button.disabled = false;
  }
}

// --- editing the session ---

function openEditSession() {
  const session = state.session;
  if (!session) {
    return;
  }
  const form = $('#edit-session-form');
  clearProblems(form);
  $('#edit-title').value = session.title;
  $('#edit-channel').value = session.channel;
  $('#edit-roomLink').value = session.roomLink || '';
  $('#edit-scheduledStart').value = toShanghaiLocal(session.scheduledStart);
  $('#edit-session').hidden = false;
  $('#session-edit').setAttribute('aria-expanded', 'true');
  $('#edit-title').focus();
}

function closeEditSession() {
  $('#edit-session').hidden = true;
  $('#session-edit').setAttribute('aria-expanded', 'false');
}

async function submitEditSession(event) {
  event.preventDefault();
  const form = $('#edit-session-form');
  clearProblems(form);
  const details = {
    title: $('#edit-title').value.trim(),
    channel: $('#edit-channel').value,
    roomLink: $('#edit-roomLink').value.trim(),
    scheduledStart: fromShanghaiLocal($('#edit-scheduledStart').value),
  };
  const button = $('#edit-session-submit');
  button.disabled = true;
  try {
    renderSession(await api.updateSession(state.session.id, details));
    closeEditSession();
    notice(t('editSession.saved'));
    $('#session-edit').focus();
  } catch (failure) {
    if (!(failure instanceof api.Problem)) {
      throw failure;
    }
    if (!expired(failure)) {
      showProblem(form, $('#edit-session-error'), failure);
    }
  } finally {
    button.disabled = false;
  }
}

function notice(text) {
  const line = $('#session-error');
  line.classList.add('notice');
  line.textContent = text;
}

// --- editing and removing a line-up item ---

function openEditItem(card) {
  for (const open of $('#lineup-list').querySelectorAll('.item-edit-form')) {
    closeEditItem(open.closest('[data-item-id]'));
  }
  const item = (state.session.lineup || []).find((known) => known.id === card.dataset.itemId);
  if (!item) {
    return;
  }
  const form = $('#item-edit').content.firstElementChild.cloneNode(true);
  translate(form);
  form.querySelector('[name="sessionPriceFen"]').value = yuanInput(item.sessionPriceFen);
  form.querySelector('[name="quota"]').value = String(item.quota);
  form.querySelector('[name="perBuyerLimit"]').value = String(item.perBuyerLimit);
  form.querySelector('[name="verifiedBuyers"]').checked = item.verifiedBuyers;
  form.querySelector('[name="payToClaim"]').checked = item.payToClaim;
  form.querySelector('[name="holdMinutes"]').value = String(item.holdMinutes);
  form.addEventListener('input', clearFieldProblem);
  form.addEventListener('submit', (event) => submitEditItem(event, card, item));
  form.querySelector('.cancel').addEventListener('click', () => {
    closeEditItem(card);
    card.querySelector('.edit').focus();
  });
  card.querySelector('.item-actions').after(form);
  card.querySelector('.edit').setAttribute('aria-expanded', 'true');
  form.querySelector('[name="sessionPriceFen"]').focus();
}

function closeEditItem(card) {
  card.querySelector('.item-edit-form')?.remove();
  card.querySelector('.edit').setAttribute('aria-expanded', 'false');
}

async function submitEditItem(event, card, item) {
  event.preventDefault();
  const form = event.currentTarget;
  clearProblems(form);
  const { terms, local } = readTerms(form);
  const formError = form.querySelector('.form-error');
  if (Object.keys(local).length > 0) {
    showProblem(form, formError, localProblem(local));
    return;
  }
  const button = form.querySelector('.save');
  button.disabled = true;
  try {
    renderSession(await api.updateItem(state.session.id, item.id, { skuId: item.skuId, ...terms }));
    notice(t('lineup.saved', { code: item.skuCode }));
    $(`#lineup-list [data-item-id="${CSS.escape(item.id)}"] .edit`)?.focus();
  } catch (failure) {
    if (!(failure instanceof api.Problem)) {
      throw failure;
    }
    if (!expired(failure)) {
      showProblem(form, formError, failure);
    }
  } finally {
    button.disabled = false;
  }
}

// the first press asks, the second removes
async function removeLineupItem(card, button) {
  if (button.dataset.confirming !== 'true') {
    button.dataset.confirming = 'true';
    button.textContent = t('lineup.removeConfirm');
    button.classList.add('danger');
    return;
  }
  button.disabled = true;
  const code = card.dataset.skuCode;
  try {
    renderSession(await api.removeItem(state.session.id, card.dataset.itemId));
    notice(t('lineup.removed', { code }));
  } catch (failure) {
    if (!(failure instanceof api.Problem) || expired(failure)) {
      return;
    }
    button.disabled = false;
    card.querySelector('.item-error').textContent = problemMessage(failure);
  }
}

// --- entering an order taken from chat or phone ---

function renderOrderItems(lineup) {
  const select = $('#order-item');
  // the item the host picked, else the one being shown
  const chosen = state.orderItem || lineup.find((item) => item.pinned)?.skuCode;
  select.replaceChildren(...lineup.map((item) => {
    const option = document.createElement('option');
    option.value = item.skuCode;
    return option;
  }));
  if (chosen && lineup.some((item) => item.skuCode === chosen)) {
    select.value = chosen;
  }
  describeOrderItems();
}

// each item's price, and what is left of the chosen one, as the latest figures say
function describeOrderItems() {
  const select = $('#order-item');
  const left = new Map((state.stats?.items || []).map((item) => [item.lineupItemId, item.remaining]));
  const lineup = state.session?.lineup || [];
  for (const option of select.options) {
    const item = lineup.find((entry) => entry.skuCode === option.value);
    if (item) {
      const remaining = left.get(item.id) ?? item.remaining;
      option.textContent = t(remaining > 0 ? 'order.itemOption' : 'order.itemSoldOut',
        { name: itemName(item), price: yuan(item.sessionPriceFen) });
    }
  }
  const chosen = lineup.find((entry) => entry.skuCode === select.value);
  $('#order-item-info').textContent = chosen
    ? t('order.itemInfo', { price: yuan(chosen.sessionPriceFen), remaining: left.get(chosen.id) ?? chosen.remaining })
    : '';
}

const PHONE = /^1[3-9]\d{9}$/;

function normalizedPhone(text) {
  const digits = text.replace(/[\s\-()]/g, '').replace(/^(\+86|0086)/, '');
  return PHONE.test(digits) ? digits : null;
}

// a phone typed in full asks for the buyer's earlier name and address; they fill the
// fields left empty or filled by an earlier look-up, never what the host typed
async function lookUpBuyer() {
  const phone = normalizedPhone($('#order-phone').value);
  if (!phone || phone === state.lookedUp) {
    return;
  }
  state.lookedUp = phone;
  const known = $('#order-known');
  known.textContent = '';
  try {
    const buyer = await api.knownBuyer(phone);
    if (state.lookedUp !== phone) {
      return;
    }
    const name = $('#order-name');
    const address = $('#order-address');
    if (!name.value.trim() || name.value === state.filled?.name) {
      name.value = buyer.name;
    }
    if (!address.value.trim() || address.value === state.filled?.address) {
      address.value = buyer.address;
    }
    state.filled = { name: buyer.name, address: buyer.address };
    known.textContent = t('order.known');
  } catch (failure) {
    if (!(failure instanceof api.Problem) || expired(failure)) {
      return;
    }
    // a new buyer (404) or no answer: the host types the name and address
    state.filled = null;
  }
}

function orderInput(event) {
  clearFieldProblem(event);
  // a changed order is a new order: a new idempotency key
  state.orderKey = null;
  if (event.target.id === 'order-phone') {
    if (normalizedPhone(event.target.value) == null) {
      state.lookedUp = null;
      $('#order-known').textContent = '';
    }
    lookUpBuyer();
  }
}

async function submitOrder(event) {
  event.preventDefault();
  const form = $('#order-form');
  clearProblems(form);
  const local = {};
  const phone = $('#order-phone').value.trim();
  if (!phone) {
    local['buyer.phone'] = t('required');
  } else if (normalizedPhone(phone) == null) {
    local['buyer.phone'] = t('order.badPhone');
  }
  for (const [field, input] of [['buyer.name', '#order-name'], ['buyer.address', '#order-address']]) {
    if (!$(input).value.trim()) {
      local[field] = t('required');
    }
  }
  if (!$('#order-item').value) {
    local['lines[0].sku'] = t('required');
  }
  const quantity = wholeNumber($('#order-quantity').value);
  if (quantity == null || quantity <= 0) {
    local['lines[0].quantity'] = t('order.badQuantity');
  }
  if (Object.keys(local).length > 0) {
    showProblem(form, $('#order-form-error'), localProblem(local));
    return;
  }
  const method = form.querySelector('[name="paymentMethod"]:checked').value;
  const order = {
    buyer: { name: $('#order-name').value.trim(), phone, address: $('#order-address').value.trim() },
    lines: [{ sku: $('#order-item').value, quantity }],
    paymentMethod: method,
  };
  const note = $('#order-note').value.trim();
  if (note) {
    order.paymentNote = note;
  }
  state.orderKey = state.orderKey || api.newKey();
  const button = $('#order-submit');
  button.disabled = true;
  try {
    const placed = await api.placeOrder(state.session.id, order, state.orderKey);
    state.orderKey = null;
    state.lookedUp = null;
    state.filled = null;
    for (const id of ['#order-phone', '#order-name', '#order-address', '#order-note']) {
      $(id).value = '';
    }
    $('#order-quantity').value = '1';
    $('#order-known').textContent = '';
    notice(t('order.placed', { name: placed.buyer.name, total: yuan(placed.totalFen) }));
    $('#order-phone').focus();
    await Promise.all([loadOrders(), refreshSession()]);
  } catch (failure) {
    if (!(failure instanceof api.Problem)) {
      throw failure;
    }
    if (failure.status !== 0) {
      // refused: the next attempt is a new order; a lost answer is retried with the same key
      state.orderKey = null;
    }
    if (expired(failure)) {
      return;
    }
    // refusals about the line's units (sold out, over the limit) are told under its quantity
    if (failure.body.field === 'lines') {
      failure.body.field = 'lines[0].quantity';
    }
    showProblem(form, $('#order-form-error'), failure);
  } finally {
    button.disabled = false;
  }
}

async function refreshSession() {
  const id = state.session?.id;
  try {
    const session = await api.session(id);
    if (state.session?.id === id) {
      renderSession(session);
    }
  } catch (ignored) {
    // the page keeps what it shows
  }
}

// --- the session's orders ---

function orderCard(order) {
  const card = $('#order-card').content.firstElementChild.cloneNode(true);
  translate(card);
  card.dataset.orderId = order.id;
  card.dataset.status = order.status;
  const status = card.querySelector('.order-status');
  status.textContent = t(`orderStatus.${order.status}`);
  status.classList.add(`order-${order.status.toLowerCase().replace(/_/g, '-')}`);
  card.querySelector('.order-total').textContent = yuan(order.totalFen);
  card.querySelector('.order-lines').textContent = order.lines.map((line) => `${line.sku} × ${line.quantity}`)
    .join(' · ');
  card.querySelector('.order-buyer').textContent = t('orders.buyer', order.buyer);
  const meta = [t('orders.meta', { time: shanghaiTime(order.createdAt, lang()), method: t(`payment.${order.paymentMethod}`) })];
  if (order.paymentReference) {
    meta.push(order.paymentReference);
  }
  card.querySelector('.order-meta').textContent = meta.join(' · ');
  const form = card.querySelector('.mark-paid');
  if (order.status === 'PENDING_PAYMENT' && order.paymentMethod !== 'CARD') {
    form.hidden = false;
    const input = form.querySelector('input');
    input.id = `reference-${order.id}`;
    form.querySelector('label').htmlFor = input.id;
    input.value = order.paymentReference || '';
  } else {
    form.remove();
  }
  return card;
}

async function loadOrders() {
  const id = state.session?.id;
  if (!id) {
    return;
  }
  const error = $('#orders-error');
  try {
    const page = await api.sessionOrders(id);
    if (state.session?.id !== id) {
      return;
    }
    error.textContent = '';
    const cards = page.items.map(orderCard);
    if (page.totalItems > page.items.length) {
      const more = document.createElement('li');
      more.className = 'muted';
      more.textContent = t('orders.more', { count: page.totalItems - page.items.length });
      cards.push(more);
    }
    // a payment note being typed, and the focus, survive an order arriving from elsewhere
    const typed = new Map();
    for (const input of $('#order-list').querySelectorAll('.mark-paid input')) {
      if (input.value !== input.defaultValue) {
        typed.set(input.id, input.value);
      }
    }
    const focused = document.activeElement?.closest('#order-list') ? document.activeElement.id : null;
    $('#order-list').replaceChildren(...cards);
    for (const [inputId, value] of typed) {
      const input = document.getElementById(inputId);
      if (input) {
        input.value = value;
      }
    }
    if (focused) {
      document.getElementById(focused)?.focus();
    }
    $('#orders-empty').hidden = page.items.length > 0;
  } catch (failure) {
    if (!(failure instanceof api.Problem) || expired(failure)) {
      return;
    }
    error.textContent = problemMessage(failure);
  }
}

async function submitMarkPaid(event) {
  const form = event.target.closest('form.mark-paid');
  if (!form) {
    return;
  }
  event.preventDefault();
  clearProblems(form);
  const card = form.closest('[data-order-id]');
  const reference = form.querySelector('input').value.trim();
  if (!reference) {
    showProblem(form, form.querySelector('.form-error'), localProblem({ reference: t('required') }));
    return;
  }
  const button = form.querySelector('button');
  button.disabled = true;
  try {
    const paid = await api.markPaid(card.dataset.orderId, reference);
    card.replaceWith(orderCard(paid));
    notice(t('orders.paid'));
    $(`#order-list [data-order-id="${CSS.escape(paid.id)}"]`)?.setAttribute('tabindex', '-1');
    $(`#order-list [data-order-id="${CSS.escape(paid.id)}"]`)?.focus();
  } catch (failure) {
    if (!(failure instanceof api.Problem)) {
      throw failure;
    }
    if (!expired(failure)) {
      showProblem(form, form.querySelector('.form-error'), failure);
    }
  } finally {
    button.disabled = false;
  }
}

// --- live sales, from the stats stream ---

function stopStats() {
  if (state.stream) {
    state.stream.abort();
    state.stream = null;
  }
  if (state.chart) {
    state.chart.destroy();
    state.chart = null;
  }
}

// one stream per page; it is followed again after a break, a moment later
function followStats() {
  const id = state.session?.id;
  if (!id || state.stream?.sessionId === id) {
    return;
  }
  stopStats();
  const controller = new AbortController();
  controller.sessionId = id;
  state.stream = controller;
  const status = $('#live-status');
  const run = async () => {
    try {
      await api.followStats(id, renderStats, controller.signal);
    } catch (failure) {
      if (controller.signal.aborted || !(failure instanceof api.Problem) || expired(failure)) {
        return;
      }
      status.textContent = failure.status === 0 ? t('live.reconnecting') : problemMessage(failure);
      setTimeout(() => {
        if (!controller.signal.aborted) {
          run();
        }
      }, Math.max(2, failure.retryAfter ?? 2) * 1000);
    }
  };
  run();
}

function renderStats(stats) {
  if (stats.sessionId !== state.session?.id) {
    return;
  }
  const before = state.stats;
  state.stats = stats;
  showFigures(stats);
  // orders per minute: each minute keeps the last count of orders placed in the minute
  // before a reading within it
  const minute = Math.floor(Date.parse(stats.at) / 60000) * 60;
  state.perMinute.set(minute, stats.ordersLastMinute);
  for (const key of state.perMinute.keys()) {
    if (key < minute - 30 * 60) {
      state.perMinute.delete(key);
    }
  }
  drawChart(minute);
  applyStatsToLineup(stats);
  if (before && before.orders !== stats.orders) {
    // an order came from elsewhere (the storefront, another phone): list it
    loadOrders();
  }
}

function showFigures(stats) {
  $('#live-gmv').textContent = yuan(stats.gmvFen);
  $('#live-orders').textContent = String(stats.orders);
  $('#live-units').textContent = String(stats.units);
  $('#live-status').textContent = t('live.updated', { time: shanghaiClock(stats.at) });
  $('#live-items').replaceChildren(...stats.items.map(liveItem));
}

function liveItem(item) {
  const row = $('#live-item').content.firstElementChild.cloneNode(true);
  translate(row);
  row.dataset.itemId = item.lineupItemId;
  row.dataset.skuCode = item.sku;
  const lined = (state.session?.lineup || []).find((entry) => entry.id === item.lineupItemId);
  row.querySelector('.bar-sku').textContent = lined ? itemName(lined) : item.sku;
  const quota = item.sold + item.remaining;
  row.querySelector('.meter-fill').style.width = `${quota > 0 ? (100 * item.sold) / quota : 0}%`;
  row.querySelector('.bar-counts').textContent = t('live.item', item);
  const soldOut = item.remaining <= 0;
  row.classList.toggle('is-sold-out', soldOut);
  row.querySelector('.sold-out').hidden = !soldOut;
  return row;
}

// the line-up cards and the order form's items follow the live figures
function applyStatsToLineup(stats) {
  for (const item of stats.items) {
    const card = $(`#lineup-list [data-item-id="${CSS.escape(item.lineupItemId)}"]`);
    const known = (state.session?.lineup || []).find((entry) => entry.id === item.lineupItemId);
    if (!card || !known) {
      continue;
    }
    const figures = { sold: item.sold, quota: known.quota, remaining: item.remaining };
    const sold = Math.min(item.sold, known.quota);
    card.querySelector('.meter-fill').style.width = `${known.quota > 0 ? (100 * sold) / known.quota : 0}%`;
    card.querySelector('.meter').setAttribute('aria-label', t('lineup.counts', figures));
    card.querySelector('.counts').textContent = t('lineup.counts', figures);
    card.classList.toggle('is-sold-out', item.remaining <= 0);
    card.querySelector('.sold-out').hidden = item.remaining > 0;
  }
  describeOrderItems();
}

let chartModule = null;

async function drawChart(minute) {
  const xs = [];
  const ys = [];
  for (let at = minute - 29 * 60; at <= minute; at += 60) {
    xs.push(at);
    ys.push(state.perMinute.has(at) ? state.perMinute.get(at) : null);
  }
  const box = $('#live-chart');
  box.setAttribute('aria-label', t('live.chart', { count: state.perMinute.get(minute) ?? 0 }));
  try {
    chartModule = chartModule || await import('./chart.js');
  } catch (failure) {
    // without the chart the figures above still tell it
    box.hidden = true;
    return;
  }
  if (!state.chart && state.stream) {
    state.chart = chartModule.ordersPerMinute(box, t('live.orders'));
  }
  state.chart?.update(xs, ys);
}

// --- routing -----------------------------------------------------------------------

function go(hash) {
  if (location.hash === hash) {
    route();
  } else {
    location.hash = hash;
  }
}

// a token refused 401 (expired, or its user disabled): back to sign-in
function expired(problem) {
  if (problem.status !== 401) {
    return false;
  }
  api.forgetToken();
  state.user = null;
  state.notice = 'signIn.expired';
  location.hash = '#/sign-in';
  return true;
}

async function route() {
  translate();
  // short enough to leave the brand room on a phone; named in full for screen readers
  const other = lang() === 'zh' ? { label: 'EN', name: 'English', lang: 'en' } : { label: '中文', name: '中文', lang: 'zh-CN' };
  $('#lang-switch').textContent = other.label;
  $('#lang-switch').lang = other.lang;
  $('#lang-switch').setAttribute('aria-label', other.name);
  if (state.user == null && api.token()) {
    try {
      state.user = await api.me();
      await loadDisplayName();
    } catch (failure) {
      api.forgetToken();
    }
  }
  const home = state.user?.role === 'ACCOUNTANT' ? '#/desk' : '#/sessions';
  const hash = location.hash || home;
  if (state.user == null) {
    if (hash !== '#/sign-in') {
      history.replaceState(null, '', '#/sign-in');
    }
    showSignIn();
    desk.route(hash);
    register.route(hash, null);
  } else if (await register.route(hash, state.user)) {
    // the admin's register, or a household file
  } else if (desk.isDeskUser(state.user) && await desk.route(hash)) {
    // the accountant's desk
  } else if (state.user.role === 'ACCOUNTANT') {
    history.replaceState(null, '', '#/desk');
    await desk.route('#/desk');
  } else if (hash === '#/sessions/new') {
    showNewSession();
  } else if (/^#\/sessions\/[0-9a-f-]{36}$/i.test(hash)) {
    await showSession(hash.slice('#/sessions/'.length));
  } else {
    if (hash !== '#/sessions') {
      history.replaceState(null, '', '#/sessions');
    }
    await showSessions();
  }
}

function start() {
  desk.start({
    show, go, expired, problemMessage, showProblem, clearProblems, clearFieldProblem, user: () => state.user,
  });
  register.start({ show, go, expired, problemMessage, showProblem, clearProblems, clearFieldProblem });
  $('#sign-in-form').addEventListener('submit', submitSignIn);
  $('#session-form').addEventListener('submit', submitSession);
  $('#session-form').addEventListener('input', clearFieldProblem);
  $('#sign-in-form').addEventListener('input', clearFieldProblem);
  $('#sign-out').addEventListener('click', signOut);
  $('#lang-switch').addEventListener('click', () => {
    setLang(lang() === 'zh' ? 'en' : 'zh');
    route();
  });
  $('#status-filter').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-status]');
    if (button) {
      state.status = button.dataset.status;
      state.page = 0;
      showSessions();
    }
  });
  $('#page-prev').addEventListener('click', () => {
    state.page = Math.max(0, state.page - 1);
    showSessions();
  });
  $('#page-next').addEventListener('click', () => {
    state.page += 1;
    showSessions();
  });
  $('#session-start').addEventListener('click', () => askConfirm('start'));
  $('#session-end').addEventListener('click', () => askConfirm('end'));
  $('#confirm-yes').addEventListener('click', confirmTransition);
  $('#confirm-no').addEventListener('click', closeConfirm);
  $('#lineup-list').addEventListener('click', (event) => {
    const button = event.target.closest('button');
    const card = button?.closest('[data-item-id]');
    if (!card) {
      return;
    }
    if (button.classList.contains('pin')) {
      pinItem(card.dataset.itemId);
    } else if (button.classList.contains('edit')) {
      if (card.querySelector('.item-edit-form')) {
        closeEditItem(card);
      } else {
        openEditItem(card);
      }
    } else if (button.classList.contains('remove')) {
      removeLineupItem(card, button);
    }
  });
  $('#session-edit').addEventListener('click', () => {
    if ($('#edit-session').hidden) {
      openEditSession();
    } else {
      closeEditSession();
    }
  });
  $('#edit-session-cancel').addEventListener('click', () => {
    closeEditSession();
    $('#session-edit').focus();
  });
  $('#edit-session-form').addEventListener('submit', submitEditSession);
  $('#order-form').addEventListener('submit', submitOrder);
  $('#order-form').addEventListener('input', orderInput);
  $('#order-phone').addEventListener('change', lookUpBuyer);
  $('#order-item').addEventListener('change', () => {
    state.orderItem = $('#order-item').value;
    describeOrderItems();
  });
  $('#orders-refresh').addEventListener('click', loadOrders);
  $('#order-list').addEventListener('submit', submitMarkPaid);
  $('#order-list').addEventListener('input', (event) => {
    const form = event.target.closest('form');
    if (form) {
      clearFieldProblem({ target: event.target, currentTarget: form });
    }
  });
  $('#edit-session-form').addEventListener('input', clearFieldProblem);
  $('#item-form').addEventListener('submit', submitItem);
  $('#item-form').addEventListener('input', clearFieldProblem);
  $('#sku-search-button').addEventListener('click', searchSkus);
  $('#sku-search').addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      searchSkus();
    }
  });
  $('#skuId').addEventListener('change', showSkuInfo);
  window.addEventListener('hashchange', route);
  route();
}

start();
