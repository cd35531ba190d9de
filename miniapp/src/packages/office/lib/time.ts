/**
 * Date and time fields of the office's forms, in Asia/Shanghai (UTC+8, no daylight saving) whatever
 * the phone's zone: what the inspector or the office types is county time, and it is sent as ISO with
 * the `+08:00` offset the server's schemas ask for.
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;
const pad = (n: number) => String(n).padStart(2, '0');

/** A date (`YYYY-MM-DD`) and a time (`HH:mm`) as the pickers hold them. */
export interface LocalDateTime {
  date: string;
  time: string;
}

/** The county's date and time of an instant. */
export function shanghaiLocal(at: Date): LocalDateTime {
  const t = new Date(at.getTime() + OFFSET_MS);
  return {
    date: `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`,
    time: `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`,
  };
}

/** `days` days after `at`, at `time` county time: the default end of a vote. */
export function shanghaiDaysLater(at: Date, days: number, time: string): LocalDateTime {
  return { date: shanghaiLocal(new Date(at.getTime() + days * 24 * 60 * 60 * 1000)).date, time };
}

function valid(value: LocalDateTime): boolean {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.date);
  const t = /^(\d{2}):(\d{2})$/.exec(value.time);
  if (!d || !t) return false;
  const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const probe = new Date(Date.UTC(y, m - 1, day));
  return (
    probe.getUTCFullYear() === y &&
    probe.getUTCMonth() === m - 1 &&
    probe.getUTCDate() === day &&
    Number(t[1]) < 24 &&
    Number(t[2]) < 60
  );
}

/** `2018-08-25T10:00:00+08:00`, or null for an impossible date or time. */
export function toShanghaiIso(value: LocalDateTime): string | null {
  return valid(value) ? `${value.date}T${value.time}:00+08:00` : null;
}

/** The instant of a county date and time, or null. */
export function shanghaiInstant(value: LocalDateTime): Date | null {
  const iso = toShanghaiIso(value);
  return iso ? new Date(iso) : null;
}

/** `<input type="datetime-local">` value ↔ date and time. */
export function toInputValue(value: LocalDateTime): string {
  return `${value.date}T${value.time}`;
}

export function fromInputValue(input: string): LocalDateTime {
  const [date = '', time = ''] = input.split('T');
  return { date, time: time.slice(0, 5) };
}
