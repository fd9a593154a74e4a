// A goods label's page: where the goods come from, read from the storefront API by the
// traceability code in the address (/t/<code>).
const code = decodeURIComponent(location.pathname.split('/')[2] || '');
const $ = (id) => document.getElementById(id);

async function show() {
  const response = await fetch(`/api/v1/storefront/trace/${encodeURIComponent(code)}`,
    { headers: { Accept: 'application/json' } });
  $('loading').hidden = true;
  if (!response.ok) {
    $('missing').hidden = false;
    return;
  }
  const t = await response.json();
  $('product').textContent = `${t.productNameZh} · ${t.productNameEn}`;
  $('grade').textContent = `${t.grade} (${t.skuCode})`;
  $('origin').textContent = `${t.townshipNameZh} ${t.villageNameZh} · ${t.villageNameEn}, ${t.townshipNameEn}`;
  $('harvest').textContent = t.harvestDate;
  $('supplier').textContent = t.supplier || '合作社成员户 · A member household of the cooperative';
  $('code').textContent = t.traceCode;
  document.title = `${t.productNameZh} · 产品溯源`;
  $('trace').hidden = false;
}

show().catch(() => {
  $('loading').hidden = true;
  $('missing').hidden = false;
});
