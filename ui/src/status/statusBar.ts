import { commands, type SyncView } from "../bindings";
import { focusElement, h } from "../dom";
import { call } from "../ipc";
import { startPolling } from "../polling";
import { createConflictsButton } from "./conflictsButton";
import { openConflictsPanel, type ConflictsPanel } from "./conflictsPanel";
import { createSyncStatus } from "./syncStatus";

export type StatusBar = {
  element: HTMLElement;
  /** True while the conflicts panel is open (it takes the keyboard). */
  isPanelOpen(): boolean;
  /** Close the conflicts panel if it is open (focus goes back to its button). */
  closePanel(): void;
  destroy(): void;
};

export type StatusBarOptions = {
  /** `sync_status` poll interval; 0 turns polling off. */
  pollMs: number;
  /** Where the conflicts panel is shown. */
  host: HTMLElement;
};

/** Sync state, waiting events, last sync and the conflicts button, kept up to date by polling. */
export function createStatusBar(initial: SyncView, options: StatusBarOptions): StatusBar {
  const sync = createSyncStatus(initial);
  let panel: ConflictsPanel | null = null;

  const conflictsButton = createConflictsButton(() => {
    if (panel) return;
    conflictsButton.setExpanded(true);
    panel = openConflictsPanel({
      host: options.host,
      load: () => call(() => commands.conflicts()),
      onClose: () => {
        panel = null;
        conflictsButton.setExpanded(false);
        if (conflictsButton.element.isConnected) focusElement(conflictsButton.element);
      },
    });
    conflictsButton.element.setAttribute("aria-controls", "conflicts-panel");
  });
  conflictsButton.update(initial.open_conflicts);

  const element = h(
    "div",
    { id: "status-bar", class: "status-bar", role: "group", "aria-label": "Sync status" },
    ...sync.elements,
    conflictsButton.element,
  );

  const polling = startPolling(async () => {
    const result = await call(() => commands.syncStatus());
    if (result.status === "ok") {
      sync.update(result.data);
      conflictsButton.update(result.data.open_conflicts);
    } else {
      sync.markStale(result.error.message);
    }
  }, options.pollMs);

  return {
    element,
    isPanelOpen: () => panel !== null,
    closePanel: () => panel?.close(),
    destroy() {
      polling.stop();
      panel?.close();
    },
  };
}
