// Formatting only: amounts come from the API in integer fen, times as instants.

const ZONE = 'Asia/Shanghai';

/** ¥1,234.50 from 123450 fen, exactly (integer arithmetic, no floating point). */
export function yuan(fen) {
  const value = BigInt(fen);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}¥${whole}.${cents}`;
}

/** A date and time in Asia/Shanghai, e.g. 2026-12-01 20:00. */
export function shanghaiTime(instant, lang) {
  if (!instant) {
    return '';
  }
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23', weekday: 'short',
  }).formatToParts(new Date(instant));
  const part = (type) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: ZONE, weekday: 'short' })
    .format(new Date(instant));
  return `${part('year')}-${part('month')}-${part('day')} ${weekday} ${part('hour')}:${part('minute')}`;
}

/**
 * The instant of a datetime-local value ("2026-12-01T20:00") read as Beijing time.
 * China has kept UTC+8 all year since 1991, so the offset is fixed.
 */
export function fromShanghaiLocal(value) {
  if (!value) {
    return null;
  }
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  return new Date(`${withSeconds}+08:00`).toISOString();
}

/** A datetime-local value for the next full hour in Beijing time. */
export function nextHourInShanghai(now = Date.now()) {
  const hour = 3600 * 1000;
  const next = Math.ceil((now + 1) / hour) * hour;
  return new Date(next + 8 * hour).toISOString().slice(0, 16);
}

/**
 * Integer fen from a yuan amount typed as a decimal string ("58", "58.5", "1,058.50"),
 * exactly: the digits are parsed, never a floating-point number. Null when it is not an
 * amount of at most two decimals.
 */
export function fenFromYuan(text) {
  const value = String(text ?? '').trim().replace(/^¥/, '').replace(/,/g, '');
  const match = /^(\d{1,13})(?:\.(\d{0,2}))?$/.exec(value);
  if (!match) {
    return null;
  }
  const fen = BigInt(match[1]) * 100n + BigInt((match[2] || '').padEnd(2, '0'));
  return fen <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(fen) : null;
}

/** The datetime-local value ("2026-12-01T20:00") of an instant in Beijing time. */
export function toShanghaiLocal(instant) {
  if (!instant) {
    return '';
  }
  return new Date(Date.parse(instant) + 8 * 3600 * 1000).toISOString().slice(0, 16);
}

/** A fen amount as yuan typed in a field ("1180.50"), for editing: no sign, no commas. */
export function yuanInput(fen) {
  const value = BigInt(fen);
  return `${value / 100n}.${(value % 100n).toString().padStart(2, '0')}`;
}

/** A time of day in Asia/Shanghai, e.g. 20:05. */
export function shanghaiClock(instant) {
  if (!instant) {
    return '';
  }
  return new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(new Date(instant));
}
