import type { ConflictView, Problem } from "../bindings";
import type { Result } from "../ipc";
import { h, openDialog } from "../dom";
import { clockWithAgeText } from "../format";

export type ConflictsPanel = {
  element: HTMLElement;
  close(): void;
};

export type ConflictsPanelDeps = {
  /** Where the panel is added (it is removed again on close). */
  host: HTMLElement;
  load(): Promise<Result<ConflictView[], Problem>>;
  /** Called once the panel is gone. */
  onClose(): void;
};

/**
 * The list of conflicts and refused events, as a modal panel: focus moves into
 * it, stays inside while it is open (Tab cycles), Escape or Close ends it.
 */
export function openConflictsPanel(deps: ConflictsPanelDeps): ConflictsPanel {
  const closeButton = h("button", { id: "conflicts-close", class: "button button-quiet", type: "button" }, "Close");
  const list = h("ul", { id: "conflicts-list", class: "conflicts-list", "aria-labelledby": "conflicts-title" });
  const loading = h("p", { id: "conflicts-loading", class: "conflicts-note" }, "Loading conflicts…");
  const empty = h(
    "p",
    { id: "conflicts-empty", class: "conflicts-note", hidden: true },
    "No conflicts: every change was accepted by the hub.",
  );
  const error = h("p", { id: "conflicts-error", class: "conflicts-error", role: "alert", hidden: true });
  const panel = h(
    "section",
    {
      id: "conflicts-panel",
      class: "dialog-panel conflicts-panel",
      role: "dialog",
      "aria-modal": "true",
      "aria-labelledby": "conflicts-title",
      "aria-describedby": "conflicts-intro",
    },
    h("div", { class: "panel-head" }, h("h2", { id: "conflicts-title", class: "panel-title" }, "Conflicts"), closeButton),
    h(
      "p",
      { id: "conflicts-intro", class: "conflicts-intro" },
      "Changes from this device that the hub refused or could not merge.",
    ),
    error,
    loading,
    empty,
    list,
  );
  function renderConflict(c: ConflictView): HTMLLIElement {
    return h(
      "li",
      { class: "conflict", "data-conflict-id": c.id, "data-event-id": c.event_id },
      h("span", { class: "conflict-kind" }, c.kind),
      h("span", { class: "conflict-message" }, c.message),
      h("time", { class: "conflict-time", datetime: c.reported_at }, clockWithAgeText(c.reported_at)),
    );
  }

  async function load(): Promise<void> {
    list.setAttribute("aria-busy", "true");
    const result = await deps.load();
    if (dialog.isClosed()) return;
    list.removeAttribute("aria-busy");
    loading.hidden = true;
    if (result.status === "error") {
      error.textContent = result.error.message;
      error.dataset.code = result.error.code;
      error.hidden = false;
      return;
    }
    list.replaceChildren(...result.data.map(renderConflict));
    empty.hidden = result.data.length > 0;
  }

  const dialog = openDialog(deps.host, "conflicts-overlay", panel, closeButton, deps.onClose);
  void load();
  return { element: dialog.element, close: dialog.close };
}
