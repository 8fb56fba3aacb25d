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
