// The admin's register: member households (their card, what they agreed to show, their people
// and capital), places, products, stock receipts with their QR label sheets, stock, orders,
// payment flags and users. Routes are #/register…; app.js hands over its helpers.
import * as api from './api.js';
import { addTexts, has, lang, t, translate } from './i18n.js';
import { fenFromYuan, shanghaiTime, yuan } from './format.js';
import { TEXTS } from './register-i18n.js';
import * as household from './household.js';

addTexts(TEXTS);

const $ = (selector) => document.querySelector(selector);

const reg = {
  ui: null, villages: null, skus: null, q: '', page: 0, orderFilter: {}, orderPage: 0, receiptPage: 0,
};

const RELATIONS = ['HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'SIBLING', 'GRANDCHILD', 'OTHER'];
const ORDER_STATUSES = ['', 'PENDING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'EXPIRED', 'REFUNDED'];
const TABS = ['households', 'receipts', 'orders', 'places', 'products', 'stock', 'flags', 'users'];

/** An element with attributes (class, text, on… listeners, the rest as attributes) and children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) {
      continue;
    }
    if (name === 'class') {
      element.className = value;
    } else if (name === 'text') {
      element.textContent = value;
    } else if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child != null) {
      element.append(child);
    }
  }
  return element;
}

/** A labelled field with its problem slot under it. */
export function field(name, label, input) {
  input.name = name;
  input.id = input.id || `reg-${name}`;
  return h('div', { class: 'reg-field' }, h('label', { for: input.id, text: label }), input,
    h('p', { class: 'field-error', 'data-field': name }));
}

function page() {
  return $('#register-page');
}

function fail(failure, slot) {
  if (!(failure instanceof api.Problem)) {
    throw failure;
  }
  if (reg.ui.expired(failure)) {
    return;
  }
  slot.textContent = reg.ui.problemMessage(failure);
}

/** Sends a form's body; field problems land under their fields. Answers the JSON or null. */
async function submit(form, method, path, body) {
  reg.ui.clearProblems(form);
  const button = form.querySelector('button[type="submit"]');
  if (button) {
    button.disabled = true;
  }
  try {
    return await api.call(method, path, body);
  } catch (failure) {
    if (!(failure instanceof api.Problem)) {
      throw failure;
    }
    if (!reg.ui.expired(failure)) {
      reg.ui.showProblem(form, form.querySelector('.form-error'), failure);
    }
    return null;
  } finally {
    if (button) {
      button.disabled = false;
    }
  }
}

function localProblem(form, fields) {
  reg.ui.showProblem(form, form.querySelector('.form-error'),
    new api.Problem(400, { errors: Object.entries(fields).map(([f, message]) => ({ field: f, message })) }, null));
}

function pager(result, onPage) {
  if (!result || result.totalPages <= 1) {
    return null;
  }
  return h('div', { class: 'pager' },
    h('button', { type: 'button', class: 'prev', text: t('pager.prev'), disabled: result.page === 0, onclick: () => onPage(result.page - 1) }),
    h('span', { text: t('pager.info', { page: result.page + 1, pages: result.totalPages }) }),
    h('button', { type: 'button', class: 'next', text: t('pager.next'), disabled: result.page + 1 >= result.totalPages, onclick: () => onPage(result.page + 1) }));
}

function notice(text) {
  const slot = $('#register-notice');
  slot.textContent = text || '';
}

async function villages() {
  if (!reg.villages) {
    const answer = await api.call('GET', '/api/v1/admin/villages?size=100');
    reg.villages = new Map(answer.items.map((v) => [v.id, v]));
  }
  return reg.villages;
}

function villageName(village) {
  return village ? (lang() === 'en' && village.nameEn ? village.nameEn : village.nameZh) : '';
}

async function skus() {
  if (!reg.skus) {
    const answer = await api.call('GET', '/api/v1/admin/products?size=100');
    reg.skus = new Map();
    for (const product of answer.items) {
      for (const sku of product.skus || []) {
        reg.skus.set(sku.id, { ...sku, product });
      }
    }
  }
  return reg.skus;
}

function skuName(sku) {
  if (!sku) {
    return '';
  }
  const name = lang() === 'en' && sku.product.nameEn ? sku.product.nameEn : sku.product.nameZh;
  return `${name} · ${sku.grade || sku.code}`;
}

function villageSelect(all, selected) {
  return h('select', {}, h('option', { value: '', text: t('reg.choose') }),
    [...all.values()].map((v) => h('option', { value: v.id, text: villageName(v), selected: v.id === selected })));
}

function showView(tab, title) {
  reg.ui.show('#view-register');
  document.querySelector('.brand').textContent = t('reg.brand');
  document.title = t('reg.brand');
  for (const link of document.querySelectorAll('#register-nav a')) {
    link.setAttribute('aria-current', String(link.dataset.regTab === tab));
  }
  $('#register-nav').hidden = false;
  notice('');
  page().replaceChildren(h('h1', { text: title }));
  return page();
}

// --- households ----------------------------------------------------------------------

function memberForm(member, all, onSaved) {
  const form = h('form', { class: 'reg-form', novalidate: true, id: member ? 'member-edit-form' : 'member-form' },
    field('name', t('reg.member.name'), h('input', { maxlength: 100, autocomplete: 'off', value: member?.name })),
    field('phone', t('reg.member.phone'), h('input', { type: 'tel', inputmode: 'tel', maxlength: 30, value: member?.phone })),
    field('villageId', t('reg.member.village'), villageSelect(all, member?.villageId)),
    field('joinedOn', t('reg.member.joinedOn'), h('input', { type: 'date', value: member?.joinedOn || new Date().toISOString().slice(0, 10) })),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'supplier', checked: member ? member.supplier : true }), t('reg.member.supplier')),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'host', checked: member?.host }), t('reg.member.host')),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary', text: t('reg.save') }));
  form.addEventListener('input', reg.ui.clearFieldProblem);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {
      name: form.elements.name.value.trim(), phone: form.elements.phone.value.trim(),
      villageId: form.elements.villageId.value || null, joinedOn: form.elements.joinedOn.value || null,
      supplier: form.elements.supplier.checked, host: form.elements.host.checked,
    };
    const saved = await submit(form, member ? 'PUT' : 'POST', member ? `/api/v1/admin/members/${member.id}` : '/api/v1/admin/members', body);
    if (saved) {
      onSaved(saved);
    }
  });
  return form;
}

async function showHouseholds() {
  const root = showView('households', t('reg.tab.households'));
  const all = await villages();
  const search = h('form', { class: 'search-row', role: 'search' },
    h('input', { id: 'member-search', type: 'search', value: reg.q, placeholder: t('reg.member.search'), 'aria-label': t('reg.member.search') }),
    h('button', { type: 'submit', text: t('reg.search') }));
  const list = h('ul', { id: 'member-list', class: 'cards' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const more = h('div');
  search.addEventListener('submit', (event) => {
    event.preventDefault();
    reg.q = search.querySelector('input').value.trim();
    reg.page = 0;
    load();
  });
  const adding = h('details', { class: 'reg-add' }, h('summary', { id: 'member-new', text: t('reg.member.new') }),
    memberForm(null, all, (saved) => {
      notice(t('reg.member.created', { number: saved.number }));
      reg.ui.go(`#/register/households/${saved.id}`);
    }));
  root.append(search, adding, error, list, more);
  async function load() {
    try {
      const params = new URLSearchParams({ page: reg.page, size: 20 });
      if (reg.q) {
        params.set('q', reg.q);
      }
      const result = await api.call('GET', `/api/v1/admin/members?${params}`);
      list.replaceChildren(...result.items.map((m) => h('li', { class: 'card', 'data-member-id': m.id },
        h('div', { class: 'card-top' }, h('a', { class: 'open', href: `#/register/households/${m.id}`, text: m.name }),
          h('span', { class: 'muted', text: `No. ${m.number}` })),
        h('p', { class: 'muted', text: `${villageName(all.get(m.villageId))} · ${m.phone}` }),
        h('p', { class: 'muted mono', text: `${t('reg.member.cardCode')} ${m.cardCode}` }))));
      if (result.items.length === 0) {
        list.append(h('li', { class: 'muted', text: t('reg.empty') }));
      }
      more.replaceChildren(pager(result, (p) => {
        reg.page = p;
        load();
      }) || '');
    } catch (failure) {
      fail(failure, error);
    }
  }
  await load();
}

async function showHousehold(id) {
  const root = showView('households', t('reg.member.title'));
  const error = h('p', { class: 'form-error', role: 'alert' });
  root.append(error);
  let member;
  try {
    member = await api.call('GET', `/api/v1/admin/members/${id}`);
  } catch (failure) {
    fail(failure, error);
    return;
  }
  const all = await villages();
  root.querySelector('h1').textContent = `${member.name} · No. ${member.number}`;
  root.append(h('p', { class: 'reg-links' },
    h('a', { id: 'to-card', class: 'button', href: `#/register/households/${id}/card`, text: t('reg.card.open') }),
    h('a', { id: 'to-file', class: 'button', href: `#/households/${member.cardCode}`, text: t('reg.file.open') })));
  root.append(h('h2', { text: t('reg.member.edit') }), memberForm(member, all, (saved) => {
    notice(t('reg.saved'));
    member = saved;
  }));
  root.append(await disclosureSection(member), await peopleSection(member), await capitalSection(member));
}

async function disclosureSection(member) {
  const shown = await api.call('GET', `/api/v1/admin/members/${member.id}/disclosure`);
  const form = h('form', { id: 'disclosure-form', class: 'reg-form', novalidate: true },
    h('h2', { text: t('reg.disclosure.title') }),
    h('p', { class: 'muted', text: t('reg.disclosure.hint') }),
    ['showName', 'showVillage', 'showDeliveries'].map((name) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name, id: `disclosure-${name}`, checked: shown[name] }), t(`reg.disclosure.${name}`))),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary', id: 'disclosure-save', text: t('reg.disclosure.save') }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const saved = await submit(form, 'PUT', `/api/v1/admin/members/${member.id}/disclosure`, {
      showName: form.elements.showName.checked, showVillage: form.elements.showVillage.checked,
      showDeliveries: form.elements.showDeliveries.checked,
    });
    if (saved !== null) {
      notice(t('reg.disclosure.saved'));
    }
  });
  return form;
}

function personRow(person = {}) {
  return h('li', { class: 'reg-person' },
    h('input', { name: 'personName', value: person.name, maxlength: 100, 'aria-label': t('reg.people.name'), placeholder: t('reg.people.name') }),
    h('select', { name: 'relation', 'aria-label': t('reg.people.relation') },
      RELATIONS.map((r) => h('option', { value: r, text: t(`reg.relation.${r}`), selected: r === (person.relation || 'OTHER') }))),
    h('input', { name: 'birthYear', type: 'number', inputmode: 'numeric', min: 1900, max: 2100, value: person.birthYear, 'aria-label': t('reg.people.birthYear'), placeholder: t('reg.people.birthYear') }),
    h('button', { type: 'button', class: 'link remove-person', text: t('reg.people.remove'), onclick: (event) => event.target.closest('li').remove() }));
}

async function peopleSection(member) {
  const people = await api.call('GET', `/api/v1/admin/members/${member.id}/people`);
  const list = h('ul', { id: 'people-list', class: 'reg-people' }, people.map((p) => personRow(p)));
  const form = h('form', { id: 'people-form', class: 'reg-form', novalidate: true },
    h('h2', { text: t('reg.people.title') }), list,
    h('button', { type: 'button', id: 'person-add', text: t('reg.people.add'), onclick: () => list.append(personRow()) }),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary', id: 'people-save', text: t('reg.people.save') }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = [...list.children].map((row) => ({
      name: row.querySelector('[name="personName"]').value.trim(),
      relation: row.querySelector('[name="relation"]').value,
      birthYear: row.querySelector('[name="birthYear"]').value ? Number(row.querySelector('[name="birthYear"]').value) : null,
    })).filter((p) => p.name);
    const saved = await submit(form, 'PUT', `/api/v1/admin/members/${member.id}/people`, body);
    if (saved !== null) {
      notice(t('reg.people.saved'));
    }
  });
  return form;
}

async function shareholderOf(member) {
  for (let p = 0; p < 20; p += 1) {
    const result = await api.call('GET', `/api/v1/admin/shareholders?page=${p}&size=100`);
    const found = result.items.find((s) => s.memberId === member.id);
    if (found || p + 1 >= result.totalPages) {
      return found || null;
    }
  }
  return null;
}

async function capitalSection(member) {
  const section = h('section', { id: 'capital', class: 'reg-form' }, h('h2', { text: t('reg.capital.title') }));
  const error = h('p', { class: 'form-error', role: 'alert' });
  let holder = await shareholderOf(member);
  const total = h('p', { id: 'capital-total' });
  const list = h('ul', { id: 'contribution-list', class: 'cards' });
  async function load() {
    if (!holder) {
      total.textContent = t('reg.capital.none');
      return;
    }
    holder = await api.call('GET', `/api/v1/admin/shareholders/${holder.id}`);
    total.textContent = t('reg.capital.total', { amount: yuan(holder.capitalFen) });
    const result = await api.call('GET', `/api/v1/admin/shareholders/${holder.id}/contributions?size=100`);
    list.replaceChildren(...result.items.map((c) => h('li', { class: 'card' },
      h('div', { class: 'card-top' }, h('strong', { text: yuan(c.amountFen) }), h('span', { class: 'muted', text: c.contributedOn })),
      h('p', { class: 'muted', text: [t(`reg.source.${c.source}`), c.note].filter(Boolean).join(' · ') }))));
  }
  const form = h('form', { id: 'contribution-form', novalidate: true },
    h('h3', { text: t('reg.capital.add') }),
    field('amountFen', t('reg.capital.amount'), h('input', { id: 'contribution-amount', inputmode: 'decimal', autocomplete: 'off' })),
    field('contributedOn', t('reg.capital.on'), h('input', { id: 'contribution-on', type: 'date', value: new Date().toISOString().slice(0, 10) })),
    field('source', t('reg.capital.source'), h('select', { id: 'contribution-source' },
      ['OTHER', 'VILLAGE_REVOLVING_FUND', 'POVERTY_HOUSEHOLD_ASSET'].map((s) => h('option', { value: s, text: t(`reg.source.${s}`) })))),
    field('note', t('reg.capital.note'), h('input', { id: 'contribution-note', maxlength: 200 })),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary', id: 'contribution-submit', text: t('reg.capital.submit') }));
  form.addEventListener('input', reg.ui.clearFieldProblem);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const amountFen = fenFromYuan(form.elements.amountFen.value);
    if (amountFen == null || amountFen <= 0) {
      localProblem(form, { amountFen: t('reg.badYuan') });
      return;
    }
    if (!holder) {
      holder = await submit(form, 'POST', '/api/v1/admin/shareholders', { memberId: member.id });
      if (!holder) {
        return;
      }
    }
    const saved = await submit(form, 'POST', `/api/v1/admin/shareholders/${holder.id}/contributions`, {
      amountFen, contributedOn: form.elements.contributedOn.value || null, source: form.elements.source.value,
      note: form.elements.note.value.trim() || null,
    });
    if (saved) {
      form.elements.amountFen.value = '';
      notice(t('reg.capital.saved', { amount: yuan(saved.amountFen) }));
      await load().catch((failure) => fail(failure, error));
    }
  });
  section.append(total, list, form, error);
  await load().catch((failure) => fail(failure, error));
  return section;
}

// --- the printable card ----------------------------------------------------------------

async function showCard(id) {
  const root = showView('households', t('reg.card.title'));
  const error = h('p', { class: 'form-error', role: 'alert' });
  root.append(error);
  try {
    const member = await api.call('GET', `/api/v1/admin/members/${id}`);
    const all = await villages();
    // the link the QR code holds, as the server makes it (the public address of the cards)
    const link = (await api.call('GET', `/api/v1/accounting/members/${id}/file`)).cardLink;
    root.append(h('p', { class: 'no-print reg-print-row' },
      h('button', { type: 'button', class: 'primary', id: 'card-print', text: t('reg.print'), onclick: () => window.print() }), ' ',
      h('a', { href: `#/register/households/${id}`, text: t('reg.back') })),
    h('article', { id: 'household-card', class: 'household-card print-area' },
      h('div', { class: 'hc-text' },
        h('p', { class: 'hc-coop', text: t('reg.card.coop') }),
        h('p', { class: 'hc-name', text: member.name }),
        h('p', { text: `${t('reg.card.number')} ${member.number}` }),
        h('p', { text: villageName(all.get(member.villageId)) }),
        h('p', { class: 'hc-link mono', id: 'card-link', text: link })),
      h('img', { class: 'hc-qr', id: 'card-qr', src: `/api/v1/storefront/households/${encodeURIComponent(member.cardCode)}/qr.svg`, alt: t('reg.card.qr'), width: 160, height: 160 })));
  } catch (failure) {
    fail(failure, error);
  }
}

// --- stock receipts and their labels -------------------------------------------------------

async function showReceipts() {
  const root = showView('receipts', t('reg.tab.receipts'));
  const all = await villages();
  const skuMap = await skus();
  const form = h('form', { id: 'receipt-form', class: 'reg-form', novalidate: true },
    h('h2', { text: t('reg.receipt.new') }),
    h('div', { class: 'search-row reg-find' },
      h('input', { id: 'receipt-member-search', type: 'search', placeholder: t('reg.member.search'), 'aria-label': t('reg.member.search') }),
      h('button', { type: 'button', id: 'receipt-member-find', text: t('reg.search') })),
    field('supplierMemberId', t('reg.receipt.member'), h('select', { id: 'receipt-member' }, h('option', { value: '', text: t('reg.choose') }))),
    field('skuId', t('reg.receipt.sku'), h('select', { id: 'receipt-sku' }, h('option', { value: '', text: t('reg.choose') }),
      [...skuMap.values()].map((s) => h('option', { value: s.id, text: skuName(s) })))),
    field('originVillageId', t('reg.receipt.village'), Object.assign(villageSelect(all), { id: 'receipt-village' })),
    field('quantity', t('reg.receipt.quantity'), h('input', { id: 'receipt-quantity', type: 'number', inputmode: 'numeric', min: 1, step: 1 })),
    field('purchaseValueFen', t('reg.receipt.value'), h('input', { id: 'receipt-value', inputmode: 'decimal', autocomplete: 'off' })),
    field('harvestDate', t('reg.receipt.harvest'), h('input', { id: 'receipt-harvest', type: 'date' })),
    field('deliveredOn', t('reg.receipt.delivered'), h('input', { id: 'receipt-delivered', type: 'date', value: new Date().toISOString().slice(0, 10) })),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary', id: 'receipt-submit', text: t('reg.receipt.submit') }));
  const members = new Map();
  async function findMembers() {
    const q = form.querySelector('#receipt-member-search').value.trim();
    const result = await api.call('GET', `/api/v1/admin/members?size=50${q ? `&q=${encodeURIComponent(q)}` : ''}`);
    const select = form.querySelector('#receipt-member');
    select.replaceChildren(h('option', { value: '', text: t('reg.choose') }),
      ...result.items.map((m) => {
        members.set(m.id, m);
        return h('option', { value: m.id, text: `${m.name} · No. ${m.number}` });
      }));
    if (result.items.length === 1) {
      select.value = result.items[0].id;
      form.querySelector('#receipt-village').value = result.items[0].villageId;
    }
  }
  form.querySelector('#receipt-member-find').addEventListener('click', () => findMembers());
  form.querySelector('#receipt-member').addEventListener('change', (event) => {
    const m = members.get(event.target.value);
    if (m) {
      form.querySelector('#receipt-village').value = m.villageId;
    }
  });
  form.addEventListener('input', reg.ui.clearFieldProblem);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = form.elements.purchaseValueFen.value.trim();
    const purchaseValueFen = value === '' ? null : fenFromYuan(value);
    if (value !== '' && purchaseValueFen == null) {
      localProblem(form, { purchaseValueFen: t('reg.badYuan') });
      return;
    }
    const quantity = form.elements.quantity.value;
    const saved = await submit(form, 'POST', '/api/v1/admin/stock-receipts', {
      skuId: form.elements.skuId.value || null, supplierMemberId: form.elements.supplierMemberId.value || null,
      originVillageId: form.elements.originVillageId.value || null, quantity: quantity === '' ? null : Number(quantity),
      purchaseValueFen, harvestDate: form.elements.harvestDate.value || null, deliveredOn: form.elements.deliveredOn.value || null,
    });
    if (saved) {
      notice(t('reg.receipt.saved', { code: saved.traceCode }));
      await load();
    }
  });
  const list = h('ul', { id: 'receipt-list', class: 'cards' });
  const more = h('div');
  const error = h('p', { class: 'form-error', role: 'alert' });
  root.append(form, h('h2', { text: t('reg.receipt.list') }), error, list, more);
  async function load() {
    try {
      const result = await api.call('GET', `/api/v1/admin/stock-receipts?page=${reg.receiptPage}&size=20`);
      list.replaceChildren(...result.items.map((r) => h('li', { class: 'card', 'data-trace-code': r.traceCode },
        h('div', { class: 'card-top' }, h('strong', { class: 'mono', text: r.traceCode }), h('span', { class: 'muted', text: r.deliveredOn })),
        h('p', { text: `${skuName(skuMap.get(r.skuId))} × ${r.quantity} · ${yuan(r.purchaseValueFen)}` }),
        h('p', { class: 'muted', text: `${t('reg.receipt.harvest')} ${r.harvestDate} · ${villageName(all.get(r.originVillageId))}` }),
        h('a', { class: 'button labels', href: `#/register/labels/${encodeURIComponent(r.traceCode)}`, text: t('reg.labels.open') }))));
      more.replaceChildren(pager(result, (p) => {
        reg.receiptPage = p;
        load();
      }) || '');
    } catch (failure) {
      fail(failure, error);
    }
  }
  await load();
  await findMembers().catch(() => {});
}

async function showLabels(code) {
  const root = showView('receipts', t('reg.labels.title'));
  const error = h('p', { class: 'form-error', role: 'alert' });
  root.append(error);
  try {
    const trace = await api.call('GET', `/api/v1/storefront/trace/${encodeURIComponent(code)}`);
    const product = lang() === 'en' && trace.productNameEn ? trace.productNameEn : trace.productNameZh;
    const qr = `/api/v1/storefront/trace/${encodeURIComponent(code)}/qr.svg`;
    const labels = [];
    for (let i = 0; i < 24; i += 1) {
      labels.push(h('div', { class: 'label' },
        h('img', { src: qr, alt: t('reg.labels.qr', { code }), width: 80, height: 80 }),
        h('div', { class: 'label-text' }, h('strong', { text: product }), h('span', { text: trace.grade || trace.skuCode }),
          h('span', { class: 'mono', text: code }))));
    }
    root.append(h('p', { class: 'no-print muted', text: t('reg.labels.hint') }), h('p', { class: 'no-print reg-print-row' },
      h('button', { type: 'button', class: 'primary', id: 'labels-print', text: t('reg.print'), onclick: () => window.print() }), ' ',
      h('a', { href: '#/register/receipts', text: t('reg.back') })),
    h('div', { id: 'label-sheet', class: 'label-sheet print-area' }, labels));
  } catch (failure) {
    fail(failure, error);
  }
}

// --- orders --------------------------------------------------------------------------------

function orderCard(order, reload) {
  const error = h('p', { class: 'form-error', role: 'alert' });
  const act = async (verb, body) => {
    try {
      await api.call('POST', `/api/v1/admin/orders/${order.id}/${verb}`, body);
      notice(t(`reg.order.done.${verb}`));
      reload();
    } catch (failure) {
      fail(failure, error);
    }
  };
  const ship = h('form', { class: 'ship-form', novalidate: true, hidden: !['PAID', 'PENDING_PAYMENT'].includes(order.status) },
    h('div', { class: 'search-row' },
      h('input', { name: 'carrier', maxlength: 100, placeholder: t('reg.order.carrier'), 'aria-label': t('reg.order.carrier') }),
      h('input', { name: 'trackingNumber', maxlength: 100, placeholder: t('reg.order.tracking'), 'aria-label': t('reg.order.tracking') })),
    h('p', { class: 'field-error', 'data-field': 'carrier' }), h('p', { class: 'field-error', 'data-field': 'trackingNumber' }),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary ship', text: t('reg.order.ship') }));
  ship.addEventListener('submit', async (event) => {
    event.preventDefault();
    const saved = await submit(ship, 'POST', `/api/v1/admin/orders/${order.id}/ship`,
      { carrier: ship.elements.carrier.value.trim(), trackingNumber: ship.elements.trackingNumber.value.trim() });
    if (saved) {
      notice(t('reg.order.done.ship'));
      reload();
    }
  });
  const buttons = h('div', { class: 'actions' },
    order.status === 'SHIPPED' ? h('button', { type: 'button', class: 'deliver', text: t('reg.order.deliver'), onclick: () => act('deliver', {}) }) : null,
    ['PENDING_PAYMENT', 'PAID'].includes(order.status) ? h('button', { type: 'button', class: 'cancel', text: t('reg.order.cancel'), onclick: () => act('cancel', {}) }) : null);
  const refund = h('form', { class: 'refund-form', novalidate: true, hidden: !['PAID', 'SHIPPED', 'DELIVERED'].includes(order.status) || order.paymentMethod !== 'CARD' },
    h('div', { class: 'search-row' },
      h('input', { name: 'amountFen', inputmode: 'decimal', placeholder: t('reg.order.refundAmount'), 'aria-label': t('reg.order.refundAmount') }),
      h('input', { name: 'reason', maxlength: 200, placeholder: t('reg.order.refundReason'), 'aria-label': t('reg.order.refundReason') })),
    h('p', { class: 'field-error', 'data-field': 'amountFen' }), h('p', { class: 'field-error', 'data-field': 'reason' }),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'refund', text: t('reg.order.refund') }));
  refund.addEventListener('submit', async (event) => {
    event.preventDefault();
    const amountFen = fenFromYuan(refund.elements.amountFen.value);
    if (amountFen == null || amountFen <= 0) {
      localProblem(refund, { amountFen: t('reg.badYuan') });
      return;
    }
    reg.ui.clearProblems(refund);
    try {
      await api.call('POST', `/api/v1/admin/orders/${order.id}/refunds`, { amountFen, reason: refund.elements.reason.value.trim() },
        { 'Idempotency-Key': api.newKey() });
      notice(t('reg.order.done.refund'));
      reload();
    } catch (failure) {
      if (failure instanceof api.Problem && !reg.ui.expired(failure)) {
        reg.ui.showProblem(refund, refund.querySelector('.form-error'), failure);
      }
    }
  });
  const lines = (order.lines || []).map((l) => `${l.sku} × ${l.quantity} · ${yuan(l.lineTotalFen)}`).join('，');
  return h('li', { class: 'card order', 'data-order-id': order.id, 'data-status': order.status },
    h('div', { class: 'card-top' }, h('span', { class: 'status', text: t(`orderStatus.${order.status}`) }), h('strong', { text: yuan(order.totalFen) })),
    h('p', { text: lines }),
    h('p', { class: 'muted', text: [order.buyer?.name, order.buyer?.phone, shanghaiTime(order.createdAt, lang())].filter(Boolean).join(' · ') }),
    order.carrier ? h('p', { class: 'muted shipped', text: `${order.carrier} ${order.trackingNumber}` }) : null,
    ship, buttons, refund, error);
}

async function showOrders() {
  const root = showView('orders', t('reg.tab.orders'));
  const f = reg.orderFilter;
  const filter = h('form', { id: 'order-filter', class: 'reg-form reg-filter', novalidate: true },
    field('status', t('reg.order.status'), h('select', { id: 'order-filter-status' },
      ORDER_STATUSES.map((s) => h('option', { value: s, text: s ? t(`orderStatus.${s}`) : t('status.all'), selected: s === (f.status || '') })))),
    field('channel', t('reg.order.channel'), h('select', { id: 'order-filter-channel' },
      ['', 'STOREFRONT', 'SESSION'].map((c) => h('option', { value: c, text: c ? t(`reg.orderChannel.${c}`) : t('status.all'), selected: c === (f.channel || '') })))),
    field('sessionId', t('reg.order.session'), h('input', { id: 'order-filter-session', value: f.sessionId, autocomplete: 'off' })),
    field('phone', t('reg.order.phone'), h('input', { id: 'order-filter-phone', type: 'tel', value: f.phone })),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary', id: 'order-filter-submit', text: t('reg.search') }));
  const list = h('ul', { id: 'admin-order-list', class: 'cards' });
  const more = h('div');
  root.append(filter, list, more);
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    reg.orderFilter = {
      status: filter.elements.status.value, channel: filter.elements.channel.value,
      sessionId: filter.elements.sessionId.value.trim(), phone: filter.elements.phone.value.trim(),
    };
    reg.orderPage = 0;
    load();
  });
  async function load() {
    reg.ui.clearProblems(filter);
    const params = new URLSearchParams({ page: reg.orderPage, size: 20 });
    for (const [k, v] of Object.entries(reg.orderFilter)) {
      if (v) {
        params.set(k, v);
      }
    }
    try {
      const result = await api.call('GET', `/api/v1/admin/orders?${params}`);
      list.replaceChildren(...result.items.map((o) => orderCard(o, load)));
      if (result.items.length === 0) {
        list.append(h('li', { class: 'muted', text: t('reg.empty') }));
      }
      more.replaceChildren(pager(result, (p) => {
        reg.orderPage = p;
        load();
      }) || '');
    } catch (failure) {
      if (failure instanceof api.Problem && !reg.ui.expired(failure)) {
        reg.ui.showProblem(filter, filter.querySelector('.form-error'), failure);
      }
    }
  }
  await load();
}

// --- places, products, stock, flags, users -----------------------------------------------------

async function simpleList(tab, path, render, extra) {
  const root = showView(tab, t(`reg.tab.${tab}`));
  const error = h('p', { class: 'form-error', role: 'alert' });
  const list = h('ul', { class: 'cards', id: `${tab}-list` });
  const more = h('div');
  if (extra) {
    root.append(await extra(() => load(0)));
  }
  root.append(error, list, more);
  async function load(p) {
    try {
      const result = await api.call('GET', `${path}${path.includes('?') ? '&' : '?'}page=${p}&size=20`);
      const items = Array.isArray(result) ? result : result.items;
      list.replaceChildren(...items.map((item) => render(item, () => load(p))));
      if (items.length === 0) {
        list.append(h('li', { class: 'muted', text: t('reg.empty') }));
      }
      more.replaceChildren((!Array.isArray(result) && pager(result, load)) || '');
    } catch (failure) {
      fail(failure, error);
    }
  }
  await load(0);
}

function codeForm(id, fields, path, onSaved) {
  const form = h('form', { id, class: 'reg-form', novalidate: true }, fields,
    h('p', { class: 'form-error', role: 'alert' }), h('button', { type: 'submit', class: 'primary', text: t('reg.add') }));
  form.addEventListener('input', reg.ui.clearFieldProblem);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {};
    for (const element of form.elements) {
      if (element.name) {
        body[element.name] = element.value.trim() || null;
      }
    }
    if (await submit(form, 'POST', path, body)) {
      reg.villages = null;
      form.reset();
      notice(t('reg.saved'));
      onSaved();
    }
  });
  return form;
}

/** A key's words, or the raw value when there are none. */
// a currency as people write it (Stripe's codes are lower case: cny → CNY)
function currency(code) {
  return (code || '').toUpperCase();
}

function word(prefix, value) {
  return value && has(`${prefix}${value}`) ? t(`${prefix}${value}`) : value;
}

/** Fen as typed yuan: 6800 → "68.00". */
function yuanInput(fen) {
  return fen == null ? '' : `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/**
 * A form that sends body(form) (null: it said what is wrong itself) and calls onSaved
 * with the answer; field problems land under their fields.
 */
function sendForm(attributes, fields, method, path, body, onSaved, label = t('reg.save')) {
  const form = h('form', { class: 'reg-form', novalidate: true, ...attributes }, fields,
    h('p', { class: 'form-error', role: 'alert' }), h('button', { type: 'submit', class: 'primary', text: label }));
  form.addEventListener('input', reg.ui.clearFieldProblem);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const content = body(form);
    if (content == null) {
      return;
    }
    const saved = await submit(form, method, path, content);
    if (saved) {
      notice(t('reg.saved'));
      onSaved(saved);
    }
  });
  return form;
}

function editing(summary, form) {
  return h('details', { class: 'reg-edit' }, h('summary', { text: summary }), form);
}

function trimmed(form, name) {
  return form.elements[name].value.trim();
}

function placeFields(prefix, place) {
  return [field('code', t('reg.place.code'), h('input', { id: `${prefix}-code`, value: place.code })),
    field('nameZh', t('reg.place.nameZh'), h('input', { id: `${prefix}-nameZh`, value: place.nameZh })),
    field('nameEn', t('reg.place.nameEn'), h('input', { id: `${prefix}-nameEn`, value: place.nameEn }))];
}

function placeBody(form) {
  const body = { code: trimmed(form, 'code'), nameZh: trimmed(form, 'nameZh'), nameEn: trimmed(form, 'nameEn') };
  if (form.elements.townshipId) {
    body.townshipId = form.elements.townshipId.value || null;
  }
  return body;
}

function townshipCard(tw) {
  return h('li', { class: 'card', 'data-township-id': tw.id },
    h('div', { class: 'card-top' }, h('strong', { text: villageName(tw) }), h('span', { class: 'muted mono', text: tw.code })),
    editing(t('reg.edit'), sendForm({ class: 'reg-form township-edit-form' }, placeFields(`township-${tw.id}`, tw),
      'PUT', `/api/v1/admin/townships/${tw.id}`, placeBody, () => showPlaces())));
}

function villageCard(v, townships, reload) {
  return h('li', { class: 'card', 'data-village-id': v.id },
    h('div', { class: 'card-top' }, h('strong', { text: villageName(v) }), h('span', { class: 'muted mono', text: v.code })),
    h('p', { class: 'muted', text: villageName(townships.find((tw) => tw.id === v.townshipId)) }),
    editing(t('reg.edit'), sendForm({ class: 'reg-form village-edit-form' }, [
      field('townshipId', t('reg.place.township'), h('select', { id: `village-${v.id}-township` },
        townships.map((tw) => h('option', { value: tw.id, text: villageName(tw), selected: tw.id === v.townshipId })))),
      ...placeFields(`village-${v.id}`, v)], 'PUT', `/api/v1/admin/villages/${v.id}`, placeBody, () => {
      reg.villages = null;
      reload();
    })));
}

function unitSelect(id, selected) {
  return h('select', { id }, ['PACK', 'PIECE', 'BOX', 'GRAM'].map((u) => h('option', { value: u, text: t(`reg.unit.${u}`), selected: u === selected })));
}

/** The SKU fields of a form: code (new SKUs only), unit, grade, price in yuan, active (edits only). */
function skuFields(prefix, sku) {
  return [sku ? null : field('code', t('reg.product.skuCode'), h('input', { id: `${prefix}-code`, autocapitalize: 'characters' })),
    field('unit', t('reg.product.unit'), unitSelect(`${prefix}-unit`, sku?.unit)),
    field('grade', t('reg.product.grade'), h('input', { id: `${prefix}-grade`, value: sku?.grade })),
    field('listPriceFen', t('reg.product.price'), h('input', { id: `${prefix}-price`, inputmode: 'decimal', value: yuanInput(sku?.listPriceFen) })),
    sku ? h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'active', checked: sku.active !== false }), t('reg.product.active')) : null];
}

function skuBody(form) {
  const listPriceFen = fenFromYuan(trimmed(form, 'listPriceFen'));
  if (listPriceFen == null || listPriceFen <= 0) {
    localProblem(form, { listPriceFen: t('reg.badYuan') });
    return null;
  }
  const body = { unit: form.elements.unit.value, grade: trimmed(form, 'grade') || null, listPriceFen };
  if (form.elements.code) {
    body.code = trimmed(form, 'code');
  }
  if (form.elements.active) {
    body.active = form.elements.active.checked;
  }
  return body;
}

function productCard(p, reload) {
  const name = lang() === 'en' && p.nameEn ? p.nameEn : p.nameZh;
  const productForm = sendForm({ class: 'reg-form product-edit-form' }, [
    field('nameZh', t('reg.place.nameZh'), h('input', { id: `product-${p.id}-nameZh`, value: p.nameZh })),
    field('nameEn', t('reg.place.nameEn'), h('input', { id: `product-${p.id}-nameEn`, value: p.nameEn })),
    field('description', t('reg.product.description'), h('textarea', { id: `product-${p.id}-description`, rows: 3, maxlength: 4000 })),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'active', checked: p.active !== false }), t('reg.product.active'))],
  'PUT', `/api/v1/admin/products/${p.id}`, (form) => ({
    nameZh: trimmed(form, 'nameZh'), nameEn: trimmed(form, 'nameEn'),
    description: form.elements.description.value.trim(), active: form.elements.active.checked,
  }), reload);
  productForm.elements.description.value = p.description || '';
  return h('li', { class: 'card', 'data-product-id': p.id },
    h('div', { class: 'card-top' }, h('strong', { text: name }),
      h('span', { class: 'muted mono', text: [p.code, p.active === false ? t('reg.product.inactive') : null].filter(Boolean).join(' · ') })),
    h('ul', { class: 'reg-skus' }, (p.skus || []).map((s) => h('li', { 'data-sku-id': s.id },
      h('a', { href: `#/register/stock/${s.id}`, text: [s.code, s.grade || '', yuan(s.listPriceFen), s.active === false ? t('reg.product.inactive') : null].filter((x) => x != null).join(' · ') }),
      editing(t('reg.product.editSku'), sendForm({ class: 'reg-form sku-edit-form' }, skuFields(`sku-${s.id}`, s),
        'PUT', `/api/v1/admin/skus/${s.id}`, skuBody, reload))))),
    editing(t('reg.edit'), productForm),
    editing(t('reg.product.addSku'), sendForm({ class: 'reg-form sku-add-form' }, skuFields(`product-${p.id}-sku`, null),
      'POST', `/api/v1/admin/products/${p.id}/skus`, skuBody, reload, t('reg.add'))));
}

async function showPlaces() {
  const townships = (await api.call('GET', '/api/v1/admin/townships?size=100')).items;
  await simpleList('places', '/api/v1/admin/villages', (v, reload) => villageCard(v, townships, reload), async (reload) => h('div', {},
    h('details', { class: 'reg-add' }, h('summary', { id: 'townships-open', text: t('reg.place.townships') }),
      h('ul', { class: 'cards', id: 'township-list' }, townships.map((tw) => townshipCard(tw)))),
    h('details', { class: 'reg-add' }, h('summary', { text: t('reg.place.newTownship') }),
      codeForm('township-form', [field('code', t('reg.place.code'), h('input', { id: 'township-code' })),
        field('nameZh', t('reg.place.nameZh'), h('input', { id: 'township-nameZh' })),
        field('nameEn', t('reg.place.nameEn'), h('input', { id: 'township-nameEn' }))], '/api/v1/admin/townships', () => showPlaces())),
    h('details', { class: 'reg-add' }, h('summary', { text: t('reg.place.newVillage') }),
      codeForm('village-form', [field('townshipId', t('reg.place.township'), h('select', { id: 'village-township' },
        townships.map((tw) => h('option', { value: tw.id, text: villageName(tw) })))),
      field('code', t('reg.place.code'), h('input', { id: 'village-code' })),
      field('nameZh', t('reg.place.nameZh'), h('input', { id: 'village-nameZh' })),
      field('nameEn', t('reg.place.nameEn'), h('input', { id: 'village-nameEn' }))], '/api/v1/admin/villages', reload))));
}

async function showProducts() {
  const form = h('form', { id: 'product-form', class: 'reg-form', novalidate: true },
    field('code', t('reg.place.code'), h('input', { id: 'product-code', autocapitalize: 'characters' })),
    field('nameZh', t('reg.place.nameZh'), h('input', { id: 'product-nameZh' })),
    field('nameEn', t('reg.place.nameEn'), h('input', { id: 'product-nameEn' })),
    field('skus[0].code', t('reg.product.skuCode'), h('input', { id: 'product-sku-code', autocapitalize: 'characters' })),
    field('skus[0].unit', t('reg.product.unit'), h('select', { id: 'product-sku-unit' },
      ['PACK', 'PIECE', 'BOX', 'GRAM'].map((u) => h('option', { value: u, text: t(`reg.unit.${u}`) })))),
    field('skus[0].grade', t('reg.product.grade'), h('input', { id: 'product-sku-grade' })),
    field('skus[0].listPriceFen', t('reg.product.price'), h('input', { id: 'product-sku-price', inputmode: 'decimal' })),
    h('p', { class: 'form-error', role: 'alert' }), h('button', { type: 'submit', class: 'primary', text: t('reg.add') }));
  form.addEventListener('input', reg.ui.clearFieldProblem);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (name) => form.elements[name].value.trim();
    const listPriceFen = fenFromYuan(value('skus[0].listPriceFen'));
    if (listPriceFen == null || listPriceFen <= 0) {
      localProblem(form, { 'skus[0].listPriceFen': t('reg.badYuan') });
      return;
    }
    const saved = await submit(form, 'POST', '/api/v1/admin/products', {
      code: value('code'), nameZh: value('nameZh'), nameEn: value('nameEn'), description: '',
      skus: [{ code: value('skus[0].code'), unit: value('skus[0].unit'), grade: value('skus[0].grade') || null, listPriceFen }],
    });
    if (saved) {
      notice(t('reg.saved'));
      await showProducts();
    }
  });
  await simpleList('products', '/api/v1/admin/products', (p, reload) => productCard(p, reload),
  async () => h('details', { class: 'reg-add' }, h('summary', { text: t('reg.product.new') }), form));
}

async function showStock() {
  const skuMap = await skus();
  await simpleList('stock', '/api/v1/admin/stock', (s) => h('li', { class: 'card' },
    h('div', { class: 'card-top' }, h('a', { href: `#/register/stock/${s.skuId}`, text: skuName(skuMap.get(s.skuId)) || s.skuId })),
    h('p', { text: t('reg.stock.levels', { onHand: s.onHand, reserved: s.reserved, available: s.available }) })));
}

async function showMovements(skuId) {
  const skuMap = await skus();
  const form = h('form', { id: 'adjust-form', class: 'reg-form', novalidate: true },
    h('h2', { text: t('reg.stock.adjust') }),
    field('delta', t('reg.stock.delta'), h('input', { id: 'adjust-delta', type: 'number', inputmode: 'numeric', step: 1 })),
    field('reason', t('reg.stock.reason'), h('input', { id: 'adjust-reason', maxlength: 500 })),
    h('p', { class: 'form-error', role: 'alert' }), h('button', { type: 'submit', class: 'primary', text: t('reg.save') }));
  form.addEventListener('input', reg.ui.clearFieldProblem);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const delta = form.elements.delta.value;
    if (await submit(form, 'POST', `/api/v1/admin/stock/${skuId}/adjustments`,
      { delta: delta === '' ? null : Number(delta), reason: form.elements.reason.value.trim() })) {
      notice(t('reg.saved'));
      await showMovements(skuId);
    }
  });
  await simpleList('stock', `/api/v1/admin/stock/${skuId}/movements`, (m) => h('li', { class: 'card' },
    h('div', { class: 'card-top' }, h('strong', { text: `${m.quantity > 0 ? '+' : ''}${m.quantity}` }),
      h('span', { class: 'muted', text: shanghaiTime(m.occurredAt, lang()) })),
    h('p', { class: 'muted', text: [word('reg.kind.', m.kind), m.reason, m.reference, m.actor].filter(Boolean).join(' · ') })), async () => form);
  page().querySelector('h1').textContent = `${t('reg.stock.ledger')} · ${skuName(skuMap.get(skuId))}`;
}

async function showFlags() {
  await simpleList('flags', '/api/v1/admin/payments/flags', (f, reload) => {
    const form = h('form', { class: 'resolve-form', novalidate: true },
      h('div', { class: 'search-row' }, h('input', { name: 'resolution', maxlength: 500, 'aria-label': t('reg.flag.resolution'), placeholder: t('reg.flag.resolution') }),
        h('button', { type: 'submit', text: t('reg.flag.resolve') })),
      h('p', { class: 'field-error', 'data-field': 'resolution' }), h('p', { class: 'form-error', role: 'alert' }));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (await submit(form, 'POST', `/api/v1/admin/payments/flags/${f.id}/resolve`, { resolution: form.elements.resolution.value.trim() })) {
        notice(t('reg.saved'));
        reload();
      }
    });
    return h('li', { class: 'card', 'data-flag-id': f.id },
      h('div', { class: 'card-top' }, h('strong', { text: word('reg.flag.reason.', f.reason) }), h('span', { class: 'muted', text: shanghaiTime(f.createdAt, lang()) })),
      h('p', { text: t('reg.flag.amounts', { expected: `${yuan(f.expectedFen)} ${currency(f.expectedCurrency)}`, received: `${yuan(f.receivedFen)} ${currency(f.receivedCurrency)}` }) }),
      h('p', { class: 'muted mono', text: [f.orderId, f.reference].filter(Boolean).join(' · ') }),
      f.resolvedAt ? h('p', { class: 'muted', text: [f.resolvedBy, f.resolution].join(' · ') }) : form);
  });
}

// the roles by their names in the page's language; the value sent is the role's code
function roleOptions(selected) {
  return ['HOST', 'ACCOUNTANT', 'ADMIN'].map((r) => h('option', { value: r, text: word('reg.role.', r), selected: r === selected }));
}

async function showUsers() {
  await simpleList('users', '/api/v1/admin/users', (u, reload) => {
    const error = h('p', { class: 'form-error', role: 'alert' });
    const role = h('select', { class: 'role', 'aria-label': t('reg.user.role') }, roleOptions(u.role));
    const toggle = async (verb) => {
      try {
        await api.call('POST', `/api/v1/admin/users/${u.id}/${verb}`);
        reload();
      } catch (failure) {
        fail(failure, error);
      }
    };
    return h('li', { class: 'card', 'data-user-id': u.id, 'data-role': u.role },
      h('div', { class: 'card-top' }, h('strong', { text: u.username }), h('span', { class: 'muted', text: u.enabled === false ? t('reg.user.disabled') : '' })),
      h('div', { class: 'search-row' }, role, h('button', { type: 'button', class: 'set-role', text: t('reg.user.setRole'), onclick: async () => {
        try {
          await api.call('PUT', `/api/v1/admin/users/${u.id}/role`, { role: role.value, memberId: u.memberId || null });
          notice(t('reg.saved'));
          reload();
        } catch (failure) {
          fail(failure, error);
        }
      } })),
      h('button', { type: 'button', class: 'link toggle-user', text: u.enabled === false ? t('reg.user.enable') : t('reg.user.disable'), onclick: () => toggle(u.enabled === false ? 'enable' : 'disable') }),
      error);
  }, async (reload) => h('details', { class: 'reg-add' }, h('summary', { text: t('reg.user.new') }),
    codeForm('user-form', [field('username', t('signIn.username'), h('input', { id: 'user-username', autocapitalize: 'none' })),
      field('password', t('signIn.password'), h('input', { id: 'user-password', type: 'password', autocomplete: 'new-password' })),
      field('role', t('reg.user.role'), h('select', { id: 'user-role' }, roleOptions('HOST'))),
      field('memberId', t('reg.user.memberId'), h('input', { id: 'user-member' }))], '/api/v1/admin/users', reload)));
}

// --- routing ---------------------------------------------------------------------------

const RETURN = 'cooplive.console.returnTo';

/** The route to go back to after signing in (a household file opened signed out), once. */
export function returnTo() {
  const hash = sessionStorage.getItem(RETURN);
  sessionStorage.removeItem(RETURN);
  return hash;
}

/**
 * Shows the register's or a household file's page for the hash; answers false when the
 * hash is neither. Signed out, a household file's hash is kept for after signing in.
 */
export async function route(hash, user) {
  const file = /^#\/households\/([A-Za-z0-9_-]{4,40})$/.exec(hash);
  if (user == null) {
    if (file) {
      sessionStorage.setItem(RETURN, hash);
    }
    return false;
  }
  $('#register-nav').hidden = true;
  if (file) {
    reg.ui.show('#view-register');
    notice('');
    await household.showFile(file[1], user, { h, page: page(), ui: reg.ui });
    return true;
  }
  if (!hash.startsWith('#/register') || user.role !== 'ADMIN') {
    return false;
  }
  reg.villages = null;
  reg.skus = null;
  let match;
  if ((match = /^#\/register\/households\/([0-9a-f-]{36})$/i.exec(hash))) {
    await showHousehold(match[1]);
  } else if ((match = /^#\/register\/households\/([0-9a-f-]{36})\/card$/i.exec(hash))) {
    await showCard(match[1]);
  } else if ((match = /^#\/register\/labels\/([A-Za-z0-9_-]+)$/.exec(hash))) {
    await showLabels(match[1]);
  } else if ((match = /^#\/register\/stock\/([0-9a-f-]{36})$/i.exec(hash))) {
    await showMovements(match[1]);
  } else if (hash === '#/register/receipts') {
    await showReceipts();
  } else if (hash === '#/register/orders') {
    await showOrders();
  } else if (hash === '#/register/places') {
    await showPlaces();
  } else if (hash === '#/register/products') {
    await showProducts();
  } else if (hash === '#/register/stock') {
    await showStock();
  } else if (hash === '#/register/flags') {
    await showFlags();
  } else if (hash === '#/register/users') {
    await showUsers();
  } else {
    if (hash !== '#/register') {
      history.replaceState(null, '', '#/register');
    }
    await showHouseholds();
  }
  translate($('#view-register'));
  return true;
}

/** Keeps app.js's helpers: show, go, expired, problemMessage, showProblem, clearProblems, clearFieldProblem. */
export function start(ui) {
  reg.ui = ui;
  $('#register-nav').replaceChildren(...TABS.map((tab) => h('a', {
    class: 'button', href: tab === 'households' ? '#/register' : `#/register/${tab}`, 'data-reg-tab': tab, 'data-i18n': `reg.tab.${tab}`,
  })));
}
