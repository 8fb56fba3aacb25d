import type { PickupTarget, PickupView, Problem } from "../bindings";
import { h } from "../dom";
import { clockWithAgeText } from "../format";

export type PickupsView = {
  element: HTMLElement;
  /** Show the queue; orders in `fresh` (pickup ids) arrived since the previous refresh. */
  render(orders: PickupView[], fresh: ReadonlySet<string>): void;
  /** A refresh failed: say why, keep the last list. */
  showError(problem: Problem): void;
  /** Show one pickup (its code was scanned): its row is marked and focused, or a note says where it stands. */
  select(pickup: PickupTarget): void;
};

/** This store's open pickup orders, oldest first, as a table. */
export function createPickupsView(): PickupsView {
  const rows = h("tbody", { id: "pickup-rows" });
  const table = h(
    "table",
    { id: "pickups-table", class: "pickups-table", hidden: true },
    h("caption", { class: "visually-hidden" }, "Open pickup orders, oldest first"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Order"),
        h("th", { scope: "col" }, "Customer"),
        h("th", { scope: "col" }, "Status"),
        h("th", { scope: "col", class: "num" }, "Items"),
        h("th", { scope: "col", class: "num" }, "Total"),
        h("th", { scope: "col" }, "Placed"),
      ),
    ),
    rows,
  );
  const loading = h("p", { id: "pickups-loading", class: "pickups-note" }, "Loading pickup orders…");
  const empty = h("p", { id: "pickups-empty", class: "pickups-note", hidden: true }, "No pickup orders waiting");
  const error = h("p", { id: "pickups-error", class: "message", role: "alert", hidden: true });
  const summary = h("span", { id: "pickups-summary", class: "pickups-summary" });
  const selectedNote = h("p", { id: "pickups-selected-note", class: "pickups-note", role: "status", hidden: true });
  let selected: PickupTarget | null = null;
  /** The scanned pickup's row was not listed yet: focus it when it is. */
  let focusWhenListed = false;
  const element = h(
    "section",
    { id: "pickups", class: "pickups", "aria-busy": "true" },
    h(
      "div",
      { class: "panel pickups-panel" },
      h(
        "div",
        { class: "panel-head" },
        h("h2", { id: "pickups-heading", class: "panel-title" }, "Pickup orders"),
        summary,
      ),
      error,
      selectedNote,
      loading,
      empty,
      // Focusable so the list can be scrolled with the keyboard.
      h("div", { class: "pickups-scroll", tabindex: 0, "aria-labelledby": "pickups-heading" }, table),
    ),
  );

  function renderRow(order: PickupView, isNew: boolean, now: Date): HTMLTableRowElement {
    return h(
      "tr",
      {
        class: ["pickup-row", isNew ? "is-new" : "", selected?.pickup_id === order.pickup_id ? "is-selected" : ""]
          .filter(Boolean)
          .join(" "),
        "aria-current": selected?.pickup_id === order.pickup_id ? "true" : null,
        tabindex: selected?.pickup_id === order.pickup_id ? -1 : null,
        "data-order-number": order.order_number,
        "data-pickup-id": order.pickup_id,
        "data-status": order.status,
      },
      h("td", { class: "pickup-number" }, order.order_number),
      h(
        "td",
        { class: order.customer_name ? "pickup-customer" : "pickup-customer is-unknown" },
        order.customer_name ?? "No name given",
      ),
      h("td", { class: "pickup-status-cell" }, h("span", { class: `pickup-status status-${order.status}` }, order.status)),
      h("td", { class: "pickup-items num" }, String(order.items)),
      h("td", { class: "pickup-total num" }, order.total),
      h("td", { class: "pickup-placed" }, h("time", { datetime: order.placed_at }, clockWithAgeText(order.placed_at, now))),
    );
  }

  /** The note about the scanned pickup, and focus on its row when asked. */
  function showSelected(focus: boolean): void {
    if (!selected) return;
    const id = selected.pickup_id;
    const row = Array.from(rows.querySelectorAll<HTMLTableRowElement>("tr.pickup-row")).find((r) => r.dataset.pickupId === id);
    selectedNote.hidden = false;
    selectedNote.dataset.pickupId = selected.pickup_id;
    selectedNote.textContent = row
      ? `Pickup ${selected.order_number} (scanned): ${selected.status}.`
      : `Pickup ${selected.order_number} (scanned) is ${selected.status}; it is not in the open queue.`;
    focusWhenListed = focus && !row;
    if (row && focus) {
      row.focus({ preventScroll: true });
      if (typeof row.scrollIntoView === "function") row.scrollIntoView({ block: "nearest" });
    }
  }

  return {
    element,
    render(orders, fresh) {
      const now = new Date();
      element.removeAttribute("aria-busy");
      loading.hidden = true;
      error.hidden = true;
      error.textContent = "";
      error.classList.remove("has-message");
      empty.hidden = orders.length > 0;
      table.hidden = orders.length === 0;
      table.dataset.rows = String(orders.length);
      summary.textContent = orders.length === 1 ? "1 order waiting" : `${orders.length} orders waiting`;
      rows.replaceChildren(...orders.map((o) => renderRow(o, fresh.has(o.pickup_id), now)));
      showSelected(focusWhenListed);
    },
    select(pickup) {
      selected = pickup;
      for (const row of rows.querySelectorAll<HTMLTableRowElement>("tr.pickup-row")) {
        const is = row.dataset.pickupId === pickup.pickup_id;
        row.classList.toggle("is-selected", is);
        if (is) row.setAttribute("aria-current", "true");
        else row.removeAttribute("aria-current");
        if (is) row.tabIndex = -1;
      }
      showSelected(true);
    },
    showError(problem) {
      element.removeAttribute("aria-busy");
      loading.hidden = true;
      error.dataset.code = problem.code;
      error.textContent = `Pickup orders not updated: ${problem.message}`;
      error.classList.add("has-message");
      error.hidden = false;
    },
  };
}
