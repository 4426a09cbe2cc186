// The 7-day challenge plan as pure functions: dates, the state kept in the URL
// fragment, and the calendar events. No DOM, so Node tests import it directly.

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

export const NAME_MAX = 40;

/** A calendar date "YYYY-MM-DD" as a UTC Date (UTC, so adding days never meets DST), or null. */
export function parseDate(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
  if (!m) return null;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  // Reject dates that roll over, such as 2026-02-30.
  return date.getUTCMonth() === +m[2] - 1 && date.getUTCDate() === +m[3] ? date : null;
}

/** "HH:MM" (24-hour) as [hours, minutes], or null. */
export function parseTime(text) {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text || "");
  return m ? [+m[1], +m[2]] : null;
}

const pad = (n, width = 2) => String(n).padStart(width, "0");

/** The ISO date ("YYYY-MM-DD") `n` days after `start`. */
export function addDays(start, n) {
  const d = parseDate(start);
  if (!d) throw new RangeError(`not a date: ${start}`);
  d.setUTCDate(d.getUTCDate() + n);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The seven ISO dates of a challenge starting on `start`. */
export function planDates(start, days = 7) {
  return Array.from({ length: days }, (_, i) => addDays(start, i));
}

/** "Tue 1 Dec": short enough for the printed sheet. */
export function formatShort(iso) {
  const d = parseDate(iso);
  return `${WEEKDAYS[d.getUTCDay()].slice(0, 3)} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()].slice(0, 3)}`;
}

/** "Tuesday 1 December 2026". */
export function formatLong(iso) {
  const d = parseDate(iso);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "Sam & Riley", "Sam", or "" when neither name is given. */
export function coupleName(a, b) {
  return [a, b].map((s) => (s || "").trim()).filter(Boolean).join(" & ");
}

const KEYS = ["a", "b", "start", "time"];

/** The plan state from a URL fragment such as "#a=Sam&b=Riley&start=2026-12-01&time=19:30".
 *  Unknown keys are ignored; a fragment that is only a heading anchor gives null. */
export function readState(hash) {
  const text = (hash || "").replace(/^#/, "");
  if (!text.includes("=")) return null;
  const params = new URLSearchParams(text);
  if (!KEYS.some((k) => params.has(k))) return null;
  const state = {};
  for (const k of KEYS) state[k] = (params.get(k) || "").slice(0, k === "a" || k === "b" ? NAME_MAX : 10);
  return state;
}

/** The URL fragment (with "#") for a state; "" when there is nothing to keep. */
export function writeState(state) {
  const params = new URLSearchParams();
  for (const k of KEYS) if (state[k]) params.set(k, state[k]);
  const text = params.toString();
  return text ? `#${text}` : "";
}

/** Minutes for a calendar event from text like "10 minutes", "20 to 30 minutes" or "One meal". */
export function minutesFrom(timeNeeded, fallback = 30) {
  const text = (timeNeeded || "").toLowerCase();
  const numbers = [...text.matchAll(/\d+/g)].map((m) => +m[0]);
  if (!numbers.length) return fallback;
  const most = Math.max(...numbers);
  return /hour/.test(text) && !/min/.test(text) ? most * 60 : most;
}

/**
 * Calendar events for the challenge. `days`: [{day, title, task, timeNeeded}],
 * `start`: "YYYY-MM-DD", `time`: "HH:MM", names optional. Returns events for ics.js.
 */
export function challengeEvents({ days, start, time, a = "", b = "", uid = "tend" }) {
  const dates = planDates(start, days.length);
  const hm = parseTime(time);
  if (!hm) throw new RangeError(`not a time: ${time}`);
  const who = coupleName(a, b);
  return days.map((day, i) => {
    const intro = who
      ? `${who}: day ${day.day} of ${days.length} of your connection challenge.`
      : `Day ${day.day} of ${days.length} of your connection challenge.`;
    return {
      uid: `${uid}-day-${day.day}@tend`,
      date: dates[i],
      time: [hm[0], hm[1]],
      minutes: minutesFrom(day.timeNeeded),
      summary: `Day ${day.day}: ${day.title}`,
      description: `${intro}\n\n${day.task}\n\nTime it takes: ${day.timeNeeded}.`,
      alarmMinutes: 15,
    };
  });
}
