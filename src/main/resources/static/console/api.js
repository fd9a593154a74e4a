// The console is a client of the public JSON API: the same calls a third party makes,
// with the bearer token kept in sessionStorage (gone when the tab closes).

const TOKEN = 'cooplive.console.token';

/** An answer that is not 2xx: its status, its problem details and its Retry-After. */
export class Problem extends Error {
  constructor(status, body, retryAfter) {
    super((body && body.detail) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
    this.code = this.body.code || null;
    this.retryAfter = retryAfter != null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
  }

  /** The problem's field messages by field name: its errors[] and its single field. */
  fieldErrors() {
    const fields = {};
    for (const error of this.body.errors || []) {
      if (error && error.field && !(error.field in fields)) {
        fields[error.field] = error.message || '';
      }
    }
    if (this.body.field && !(this.body.field in fields)) {
      fields[this.body.field] = this.body.detail || '';
    }
    return fields;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN);
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN);
}

/** Sends a request to the API; resolves to the JSON answer, rejects with a Problem. */
export async function call(method, path, body, extraHeaders = {}) {
  const headers = { Accept: 'application/json, application/problem+json', ...extraHeaders };
  const bearer = token();
  if (bearer) {
    headers.Authorization = `Bearer ${bearer}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (failure) {
    throw new Problem(0, { code: 'NETWORK' }, null);
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    throw new Problem(response.status, data, response.headers.get('Retry-After'));
  }
  return data;
}

/** Signs in and keeps the token; resolves to the signed-in user. */
export async function signIn(username, password) {
  forgetToken();
  const answer = await call('POST', '/api/v1/auth/token', { username, password });
  sessionStorage.setItem(TOKEN, answer.accessToken);
  return me();
}

/** The user behind the token: username, role, member id. */
export function me() {
  return call('GET', '/api/v1/auth/me');
}

export function sessions(status, page, size = 20) {
  const query = new URLSearchParams({ page: String(page), size: String(size) });
  if (status) {
    query.set('status', status);
  }
  return call('GET', `/api/v1/host/sessions?${query}`);
}

export function createSession(details) {
  return call('POST', '/api/v1/host/sessions', details);
}

export function session(id) {
  return call('GET', `/api/v1/host/sessions/${encodeURIComponent(id)}`);
}

/** Starts (verb "start") or ends (verb "end") a session. */
export function transition(id, verb) {
  return call('POST', `/api/v1/host/sessions/${encodeURIComponent(id)}/${verb}`);
}

export function addItem(id, details) {
  return call('POST', `/api/v1/host/sessions/${encodeURIComponent(id)}/lineup`, details);
}

export function pin(id, itemId) {
  return call('POST', `/api/v1/host/sessions/${encodeURIComponent(id)}/lineup/${encodeURIComponent(itemId)}/pin`);
}

/** Active products with their active SKUs, filtered by text (the storefront's catalog). */
export function products(text, size = 50) {
  const query = new URLSearchParams({ page: '0', size: String(size) });
  if (text) {
    query.set('q', text);
  }
  return call('GET', `/api/v1/storefront/products?${query}`);
}

/** A SKU's stock level: on hand, reserved, available (hosts and admins). */
export function stock(skuId) {
  return call('GET', `/api/v1/host/stock/${encodeURIComponent(skuId)}`);
}

export function updateSession(id, details) {
  return call('PUT', `/api/v1/host/sessions/${encodeURIComponent(id)}`, details);
}

export function updateItem(id, itemId, details) {
  return call('PUT', `/api/v1/host/sessions/${encodeURIComponent(id)}/lineup/${encodeURIComponent(itemId)}`, details);
}

export function removeItem(id, itemId) {
  return call('DELETE', `/api/v1/host/sessions/${encodeURIComponent(id)}/lineup/${encodeURIComponent(itemId)}`);
}

/** A new idempotency key: a random UUID (crypto.randomUUID needs a secure context). */
export function newKey() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Enters an order taken from chat or phone; the same key makes a retry the same order. */
export function placeOrder(sessionId, order, key) {
  return call('POST', `/api/v1/host/sessions/${encodeURIComponent(sessionId)}/orders`, order,
    { 'Idempotency-Key': key });
}

/** The session's orders, newest first. */
export function sessionOrders(sessionId, size = 50) {
  const query = new URLSearchParams({ page: '0', size: String(size) });
  return call('GET', `/api/v1/host/sessions/${encodeURIComponent(sessionId)}/orders?${query}`);
}

/** Records an order paid offline, with how it was paid. */
export function markPaid(orderId, reference) {
  return call('POST', `/api/v1/host/orders/${encodeURIComponent(orderId)}/mark-paid`, { reference });
}

/** A repeat buyer's latest name and address in the host's sessions; a Problem 404 when none. */
export function knownBuyer(phone) {
  return call('GET', `/api/v1/host/buyers/${encodeURIComponent(phone)}`);
}

/**
 * Follows a session's live stats (server-sent events) with fetch, since EventSource
 * cannot send the bearer header: calls onStats with each event's figures until the
 * signal aborts. Rejects with a Problem when the stream is refused or breaks.
 */
export async function followStats(sessionId, onStats, signal) {
  const headers = { Accept: 'text/event-stream' };
  const bearer = token();
  if (bearer) {
    headers.Authorization = `Bearer ${bearer}`;
  }
  let response;
  try {
    response = await fetch(`/api/v1/host/sessions/${encodeURIComponent(sessionId)}/stats/stream`, {
      headers, credentials: 'omit', cache: 'no-store', signal,
    });
  } catch (failure) {
    if (signal.aborted) {
      return;
    }
    throw new Problem(0, { code: 'NETWORK' }, null);
  }
  if (!response.ok) {
    const type = response.headers.get('Content-Type') || '';
    const data = type.includes('json') ? await response.json().catch(() => null) : null;
    throw new Problem(response.status, data, response.headers.get('Retry-After'));
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event.split('\n').filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).replace(/^ /, '')).join('\n');
        if (data) {
          onStats(JSON.parse(data));
        }
      }
    }
  } catch (failure) {
    if (signal.aborted) {
      return;
    }
    throw new Problem(0, { code: 'NETWORK' }, null);
  }
  if (!signal.aborted) {
    throw new Problem(0, { code: 'NETWORK' }, null);
  }
}

/** Sends a multipart form (a file upload); resolves to the JSON answer, rejects with a Problem. */
export async function upload(path, form) {
  const headers = { Accept: 'application/json, application/problem+json' };
  const bearer = token();
  if (bearer) {
    headers.Authorization = `Bearer ${bearer}`;
  }
  let response;
  try {
    response = await fetch(path, { method: 'POST', headers, body: form, credentials: 'omit', cache: 'no-store' });
  } catch (failure) {
    throw new Problem(0, { code: 'NETWORK' }, null);
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    throw new Problem(response.status, data, response.headers.get('Retry-After'));
  }
  return { status: response.status, body: data };
}

/**
 * Fetches a file the bearer token opens (a PDF, a CSV, a printable page) and answers it
 * as a Blob with its file name; rejects with a Problem.
 */
export async function download(path) {
  const headers = {};
  const bearer = token();
  if (bearer) {
    headers.Authorization = `Bearer ${bearer}`;
  }
  let response;
  try {
    response = await fetch(path, { headers, credentials: 'omit', cache: 'no-store' });
  } catch (failure) {
    throw new Problem(0, { code: 'NETWORK' }, null);
  }
  if (!response.ok) {
    const type = response.headers.get('Content-Type') || '';
    const data = type.includes('json') ? await response.json().catch(() => null) : null;
    throw new Problem(response.status, data, response.headers.get('Retry-After'));
  }
  const disposition = response.headers.get('Content-Disposition') || '';
  const named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return { blob: await response.blob(), fileName: named ? decodeURIComponent(named[1]) : null };
}
