// Timecodes as the catalogue reads them (testimony/timecodes.py): 1:02:03,
// 62:03 or seconds, each with optional milliseconds; shown as hh:mm:ss.
const HMS = /^(\d+):([0-5]\d):([0-5]\d)(?:\.(\d{1,3}))?$/;
const MS = /^(\d+):([0-5]\d)(?:\.(\d{1,3}))?$/;
const SECONDS = /^(\d+)(?:\.(\d{1,3}))?$/;

const millis = (text) => Number((text || "0").padEnd(3, "0")) / 1000;

export function parseTime(text) {
  const value = String(text ?? "").trim();
  let m = value.match(HMS);
  if (m) return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + millis(m[4]);
  m = value.match(MS);
  if (m) return Number(m[1]) * 60 + Number(m[2]) + millis(m[3]);
  m = value.match(SECONDS);
  if (m) return Number(m[1]) + millis(m[2]);
  return null;
}

export function formatTime(seconds) {
  const total = Math.round(Math.max(0, seconds || 0) * 1000);
  const ms = total % 1000;
  const s = Math.floor(total / 1000);
  const pad = (n) => String(n).padStart(2, "0");
  const text = `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
  return ms ? `${text}.${String(ms).padStart(3, "0")}` : text;
}
