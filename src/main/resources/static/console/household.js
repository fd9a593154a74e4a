// The whole household file (一户一档) at #/households/{cardCode}: for admins and accountants;
// a host is told that only they may open it.
import * as api from './api.js';
import { lang, t } from './i18n.js';
import { shanghaiTime, yuan } from './format.js';

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Shows the household file of a card code in the page element given. */
export async function showFile(code, user, { h, page, ui }) {
  document.querySelector('.brand').textContent = t('reg.file.brand');
  document.title = t('reg.file.brand');
  page.replaceChildren(h('h1', { text: t('reg.file.title') }));
  const error = h('p', { class: 'form-error', role: 'alert', id: 'file-error' });
  page.append(error);
  let file;
  try {
    file = await api.call('GET', `/api/v1/accounting/households/${encodeURIComponent(code)}`);
  } catch (failure) {
    if (!(failure instanceof api.Problem) || ui.expired(failure)) {
      return;
    }
    error.textContent = failure.status === 403 ? t('reg.file.forbidden')
      : failure.status === 404 ? t('reg.file.notFound') : ui.problemMessage(failure);
    if (failure.status === 403 && user.role === 'HOST') {
      page.append(h('p', {}, h('a', { href: '#/sessions', text: t('reg.file.toSessions') })));
    }
    return;
  }
  page.querySelector('h1').textContent = `${file.name} · No. ${file.number}`;
  if (user.role === 'ADMIN') {
    page.append(h('p', {}, h('a', { href: `#/register/households/${file.memberId}`, text: t('reg.file.toRegister') })));
  }
  const account = file.account || {};
  const dl = (pairs) => h('dl', { class: 'reg-facts' }, pairs.filter(([, v]) => v != null && v !== '')
    .map(([k, v]) => [h('dt', { text: k }), h('dd', { text: String(v) })]));
  page.append(
    h('section', { id: 'file-contact' }, h('h2', { text: t('reg.file.contact') }), dl([
      [t('reg.member.phone'), file.phone], [t('reg.member.village'), [file.villageZh, file.townshipZh].filter(Boolean).join(' · ')],
      [t('reg.member.joinedOn'), file.joinedOn], [t('reg.member.cardCode'), file.cardCode], [t('reg.file.link'), file.cardLink],
    ])),
    h('section', { id: 'file-people' }, h('h2', { text: t('reg.people.title') }),
      (file.people || []).length === 0 ? h('p', { class: 'muted', text: t('reg.empty') })
        : h('ul', { class: 'cards' }, file.people.map((p) => h('li', { class: 'card' },
          h('strong', { text: p.name }), ' ', h('span', { class: 'muted', text: [t(`reg.relation.${p.relation}`), p.birthYear].filter(Boolean).join(' · ') }))))),
    h('section', { id: 'file-account' }, h('h2', { text: t('reg.file.account') }), dl([
      [t('reg.file.capital'), yuan(account.capitalFen ?? 0)], [t('reg.file.provident'), yuan(account.providentShareFen ?? 0)],
      [t('reg.file.subsidy'), yuan(account.subsidyShareFen ?? 0)], [t('reg.file.donation'), yuan(account.donationShareFen ?? 0)],
      [t('reg.file.deliveries'), yuan(account.transactionAmountFen ?? 0)],
    ])),
    h('section', { id: 'file-delivers' }, h('h2', { text: t('reg.file.delivers') }),
      h('p', { text: (file.delivers || []).map((p) => (lang() === 'en' && p.nameEn ? p.nameEn : p.nameZh)).join('，') || t('reg.empty') })),
  );
  const dividends = h('ul', { class: 'cards', id: 'file-dividends' });
  const downloadError = h('p', { class: 'form-error', role: 'alert' });
  for (const d of file.dividends || []) {
    dividends.append(h('li', { class: 'card' },
      h('div', { class: 'card-top' }, h('strong', { text: t('reg.file.dividendYear', { year: d.year }) }), h('strong', { text: yuan(d.totalFen) })),
      h('p', { class: 'muted', text: [d.paidAt ? t('reg.file.paid', { time: shanghaiTime(d.paidAt, lang()) }) : t('reg.file.unpaid'), d.paymentReference].filter(Boolean).join(' · ') }),
      h('button', { type: 'button', class: 'statement', text: t('reg.file.statement'), onclick: async () => {
        downloadError.textContent = '';
        try {
          const got = await api.download(`/api/v1/accounting/runs/${d.runId}/lines/${d.lineNo}/statement.pdf`);
          save(got.blob, got.fileName || `statement-${d.year}-${file.number}.pdf`);
        } catch (failure) {
          if (failure instanceof api.Problem && !ui.expired(failure)) {
            downloadError.textContent = ui.problemMessage(failure);
          }
        }
      } })));
  }
  if ((file.dividends || []).length === 0) {
    dividends.append(h('li', { class: 'muted', text: t('reg.empty') }));
  }
  page.append(h('section', {}, h('h2', { text: t('reg.file.dividends') }), dividends, downloadError));
}
