// A household card's public page: what the household agreed to show, read from the
// storefront API by the code in the address (/h/<code>).
const code = decodeURIComponent(location.pathname.split('/')[2] || '');
const $ = (id) => document.getElementById(id);
const hidden = '未公开 · Not shown';

async function show() {
  const response = await fetch(`/api/v1/storefront/households/${encodeURIComponent(code)}`,
    { headers: { Accept: 'application/json' } });
  $('loading').hidden = true;
  if (!response.ok) {
    $('missing').hidden = false;
    return;
  }
  const household = await response.json();
  $('name').textContent = household.name || '合作社成员户 · A member household';
  $('village').textContent = household.villageZh
    ? `${household.townshipZh} ${household.villageZh} · ${household.villageEn}, ${household.townshipEn}` : hidden;
  $('joined').textContent = String(household.joinedYear);
  $('delivers').textContent = household.delivers.length
    ? household.delivers.map((p) => `${p.nameZh} ${p.nameEn}`).join('、') : hidden;
  $('staff').href = `/console/#/households/${encodeURIComponent(household.cardCode)}`;
  document.title = `${household.name || '成员户卡'} · cooplive`;
  $('card').hidden = false;
}

show().catch(() => {
  $('loading').hidden = true;
  $('missing').hidden = false;
});
