// The console's screens: sign-in, my sessions, new session. Routes are the URL's hash.
import * as api from './api.js';
import { has, lang, setLang, t, translate } from './i18n.js';
import { fromShanghaiLocal, nextHourInShanghai, shanghaiTime, yuan } from './format.js';

const $ = (selector) => document.querySelector(selector);

const state = { user: null, displayName: null, status: '', page: 0, notice: null };

const VIEWS = ['#view-sign-in', '#view-sessions', '#view-new-session'];

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
  card.querySelector('.session-title').textContent = session.title;
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
  window.addEventListener('hashchange', route);
  route();
}

start();
