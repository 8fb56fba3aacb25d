import type { SyncView } from "../bindings";
import { h } from "../dom";
import { lastSyncText, syncDetail, waitingText } from "../format";

export type SyncStatusArea = {
  /** The state pill (`#sync-status`) and the facts next to it. */
  elements: HTMLElement[];
  update(sync: SyncView): void;
  /** The last status poll failed: keep showing the last known state, flagged as stale. */
  markStale(reason: string): void;
};

const SYNC_STATES = ["local_only", "online", "offline", "revoked"] as const;

function setText(el: HTMLElement, text: string): void {
  // Only touch the text when it changed, so the live region does not re-announce it every poll.
  if (el.textContent !== text) el.textContent = text;
}

export function createSyncStatus(initial: SyncView): SyncStatusArea {
  const message = h("span", { id: "sync-message", class: "sync-message" });
  const detail = h("span", { id: "sync-detail", class: "sync-detail", hidden: true });
  const status = h("div", { id: "sync-status", class: "sync-status", role: "status" }, message, detail);
  const waiting = h("span", { id: "sync-waiting", class: "sync-fact sync-waiting" });
  const lastSuccess = h("span", { id: "sync-last-success", class: "sync-fact sync-last-success" });
  const facts = h("div", { id: "sync-facts", class: "sync-facts" }, waiting, lastSuccess);

  function showDetail(text: string | null): void {
    setText(detail, text ?? "");
    detail.hidden = !text;
    status.classList.toggle("has-detail", !!text);
  }

  function update(sync: SyncView): void {
    for (const state of SYNC_STATES) status.classList.toggle(`sync-${state}`, state === sync.state);
    status.dataset.state = sync.state;
    delete status.dataset.stale;
    setText(message, sync.message);
    showDetail(sync.detail);
    const more = syncDetail(sync);
    if (more) status.title = more;
    else status.removeAttribute("title");

    waiting.dataset.count = String(sync.waiting_events);
    waiting.classList.toggle("has-waiting", sync.waiting_events > 0);
    setText(waiting, waitingText(sync));
    setText(lastSuccess, lastSyncText(sync));
  }

  function markStale(reason: string): void {
    status.dataset.stale = "true";
    status.title = `Status not updated: ${reason}`;
    showDetail(`Status not updated: ${reason}`);
  }

  update(initial);
  return { elements: [status, facts], update, markStale };
}
