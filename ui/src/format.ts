import type { SyncView } from "./bindings";

export const APP_NAME = "Shopfloor";

export function stockText(onHand: number): string {
  return onHand > 0 ? `${onHand} in stock` : "Out of stock";
}

export function unitsText(units: number): string {
  return units === 1 ? "1 item" : `${units} items`;
}

export function barcodeText(gtin13: string | null): string {
  return gtin13 ?? "No barcode";
}

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h" */
export function formatAge(totalSecs: number): string {
  const secs = Math.max(0, Math.floor(totalSecs));
  if (secs < 60) return `${secs} s`;
  const mins = Math.floor(secs / 60);
  if (mins < 60) return `${mins} min`;
  const hours = Math.floor(mins / 60);
  if (hours < 24) {
    const rest = mins % 60;
    return rest ? `${hours} h ${rest} min` : `${hours} h`;
  }
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest ? `${days} d ${rest} h` : `${days} d`;
}

/** Longer explanation of the sync state, for the status bar's tooltip. */
export function syncDetail(sync: SyncView): string {
  const parts: string[] = [];
  if (sync.waiting_events > 0) {
    const what = sync.waiting_events === 1 ? "1 change waiting to sync" : `${sync.waiting_events} changes waiting to sync`;
    parts.push(
      sync.oldest_waiting_secs != null ? `${what} (oldest ${formatAge(sync.oldest_waiting_secs)})` : what,
    );
  }
  if (sync.last_success_at) parts.push(`Last synced ${sync.last_success_at}`);
  return parts.join(". ");
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A timestamp in local time: "14:05" today, "3 Feb 14:05" on another day; the text itself if unreadable. */
export function clockText(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const time = `${pad2(at.getHours())}:${pad2(at.getMinutes())}`;
  const sameDay =
    at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
  return sameDay ? time : `${at.getDate()} ${MONTHS[at.getMonth()]} ${time}`;
}

/** A timestamp in local time with its date and year, e.g. "3 Feb 2025 14:05"; the text itself if unreadable. */
export function dateTimeText(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${at.getDate()} ${MONTHS[at.getMonth()]} ${at.getFullYear()} ${pad2(at.getHours())}:${pad2(at.getMinutes())}`;
}

/** "14:05 (3 min ago)"; just the clock when the time is in the future or unreadable. */
export function clockWithAgeText(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  const clock = clockText(iso, now);
  if (Number.isNaN(at.getTime())) return clock;
  const secs = Math.floor((now.getTime() - at.getTime()) / 1000);
  if (secs < 0) return clock;
  return secs < 60 ? `${clock} (just now)` : `${clock} (${formatAge(secs)} ago)`;
}

/** "Nothing waiting to sync", "1 event waiting (12 s)", "3 events waiting (oldest 10 min)" */
export function waitingText(sync: SyncView): string {
  const n = sync.waiting_events;
  if (n <= 0) return "Nothing waiting to sync";
  const age = sync.oldest_waiting_secs;
  if (n === 1) return age != null ? `1 event waiting (${formatAge(age)})` : "1 event waiting";
  return age != null ? `${n} events waiting (oldest ${formatAge(age)})` : `${n} events waiting`;
}

/** "Last synced 14:05 (3 min ago)", or why there is no such time. */
export function lastSyncText(sync: SyncView, now: Date = new Date()): string {
  if (sync.last_success_at) return `Last synced ${clockWithAgeText(sync.last_success_at, now)}`;
  return sync.state === "local_only" ? "No hub to sync with" : "Not synced yet";
}

export function conflictsText(count: number): string {
  return count > 0 ? `Conflicts (${count})` : "No conflicts";
}

export function newPickupsText(count: number): string {
  return count === 1 ? "1 new pickup order" : `${count} new pickup orders`;
}

/** Minor units written out with the currency's decimals: (1250, 2, "EUR") → "12.50 EUR". */
export function minorText(minor: number, decimals: number, currency: string): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  if (decimals <= 0) return `${sign}${abs} ${currency}`;
  const unit = 10 ** decimals;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(decimals, "0")} ${currency}`;
}
