import type { StoreView, SyncView } from "../bindings";
import { h } from "../dom";
import { APP_NAME, syncDetail } from "../format";

export type HeaderBar = {
  element: HTMLElement;
  updateSync(sync: SyncView): void;
  /** The last status poll failed: keep showing the last known state, flagged as stale. */
  markStale(reason: string): void;
};

const SYNC_STATES = ["local_only", "online", "offline", "revoked"] as const;

export function createHeader(store: StoreView, sync: SyncView): HeaderBar {
  const status = h("div", { id: "sync-status", class: "sync-status", role: "status" });
  const element = h(
    "header",
    { id: "app-header", class: "app-header" },
    h("div", { class: "app-name" }, APP_NAME),
    h(
      "div",
      { class: "store" },
      h("span", { id: "store-name", class: "store-name" }, store.name),
      h("span", { id: "store-code", class: "store-code" }, store.code),
    ),
    status,
  );

  function updateSync(next: SyncView): void {
    for (const state of SYNC_STATES) status.classList.remove(`sync-${state}`);
    status.classList.add(`sync-${next.state}`);
    status.dataset.state = next.state;
    delete status.dataset.stale;
    status.textContent = next.message;
    const detail = syncDetail(next);
    if (detail) status.title = detail;
    else status.removeAttribute("title");
  }

  function markStale(reason: string): void {
    status.dataset.stale = "true";
    status.title = `Status not updated: ${reason}`;
  }

  updateSync(sync);
  return { element, updateSync, markStale };
}
