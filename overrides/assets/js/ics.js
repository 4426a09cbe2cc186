// An iCalendar (RFC 5545) writer: pure functions, no DOM, the same in the browser
// and under Node. Events use "floating" local times (no time zone), so a reminder at
// 19:00 stays at 19:00 wherever the visitor's calendar is.

const CRLF = "\r\n";
const MAX_OCTETS = 75; // RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets
const encoder = new TextEncoder();

/** Escape a TEXT value (§3.3.11): backslash, semicolon, comma and newlines. */
export function escapeText(value) {
  return String(value)
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** Fold one content line at 75 octets, never splitting a UTF-8 character (§3.1). */
export function foldLine(line) {
  const parts = [];
  let current = "";
  let octets = 0;
  for (const ch of line) { // iterates by code point, so surrogate pairs stay whole
    const size = encoder.encode(ch).length;
    // Continuation lines start with one space, which counts towards their 75 octets.
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

const pad = (n, width = 2) => String(n).padStart(width, "0");

/** A UTC timestamp such as 20261125T200000Z, for DTSTAMP. */
export function utcStamp(date) {
  const d = new Date(date);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a timestamp: ${date}`);
  return (
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
  );
}

/** A floating local DATE-TIME such as 20261201T193000 from "YYYY-MM-DD" and [h, m]. */
export function localStamp(isoDate, [hours, minutes]) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new RangeError(`not a date: ${isoDate}`);
  return `${isoDate.replace(/-/g, "")}T${pad(hours)}${pad(minutes)}00`;
}

/**
 * The text of a VCALENDAR with one VEVENT per event.
 * events: [{uid, date: "YYYY-MM-DD", time: [h, m], minutes, summary, description, alarmMinutes?}]
 * now: the creation time (Date, ISO string or epoch ms), used for DTSTAMP.
 */
export function buildCalendar({ events, now = new Date(), name = "", prodId = "-//Tend//7-day challenge//EN" }) {
  const stamp = utcStamp(now);
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${prodId}`,
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
  ];
  if (name) lines.push(`X-WR-CALNAME:${escapeText(name)}`);
  for (const ev of events) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${escapeText(ev.uid)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${localStamp(ev.date, ev.time)}`,
      `DURATION:PT${Math.max(1, Math.round(ev.minutes || 30))}M`,
      `SUMMARY:${escapeText(ev.summary)}`,
    );
    if (ev.description) lines.push(`DESCRIPTION:${escapeText(ev.description)}`);
    lines.push("TRANSP:TRANSPARENT");
    if (ev.alarmMinutes != null) {
      lines.push(
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        `DESCRIPTION:${escapeText(ev.summary)}`,
        `TRIGGER:-PT${Math.max(0, Math.round(ev.alarmMinutes))}M`,
        "END:VALARM",
      );
    }
    lines.push("END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join(CRLF) + CRLF;
}
