// The console's screens: sign-in, my sessions, new session, a session's page (editing it and its line-up,
// entering orders, its orders and live sales). Routes are the URL's hash.
import * as api from './api.js';
import { has, lang, setLang, t, translate } from './i18n.js';
import {
  fenFromYuan, fromShanghaiLocal, nextHourInShanghai, shanghaiClock, shanghaiTime, toShanghaiLocal, yuan, yuanInput,
} from './format.js';

const $ = (selector) => document.querySelector(selector);

const state = {
  user: null, displayName: null, status: '', page: 0, notice: null, session: null, skus: new Map(), confirming: null,
};

const VIEWS = ['#view-sign-in', '#view-sessions', '#view-new-session', '#view-session'];

function show(view) {
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
    return t(`problem.${problem.code}`, { seconds });
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
    go('#/sessions');
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
    state.session = null;
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

async function searchSkus() {
  const select = $('#skuId');
  const info = $('#sku-info');
  try {
    const page = await api.products($('#sku-search').value.trim(), 100);
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

function failed(problem) {
  const line = $('#session-error');
  line.classList.remove('notice');
  line.textContent = problemMessage(problem);
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
  const hash = location.hash || '#/sessions';
  if (state.user == null) {
    if (hash !== '#/sign-in') {
      history.replaceState(null, '', '#/sign-in');
    }
    showSignIn();
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
