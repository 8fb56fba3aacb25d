import { commands, type PickupTarget, type PickupView, type Problem, type QueueFilterInput } from "../bindings";
import { h } from "../dom";
import { clockWithAgeText } from "../format";
import { call } from "../ipc";
import { createBatchList } from "./batchList";
import { createPickupDetail, type PickupDetail } from "./pickupDetail";

export type PickupsView = {
  element: HTMLElement;
  /** Show the queue; orders in `fresh` (pickup ids) arrived since the previous refresh. */
  render(orders: PickupView[], fresh: ReadonlySet<string>): void;
  /** A refresh failed: say why, keep the last list. */
  showError(problem: Problem): void;
  /** Show one pickup (its code was scanned): its row is marked and focused, or a note says where it stands. */
  select(pickup: PickupTarget): void;
  /** The order's panel (picking, hand-over). */
  detail: PickupDetail;
};

const AGES: [string, string][] = [
  ["", "Any age"],
  ["1", "Older than 1 hour"],
  ["4", "Older than 4 hours"],
  ["24", "Older than 1 day"],
  ["72", "Older than 3 days"],
];

/** This store's open pickup orders, oldest first, as a table. */
export type PickupsDeps = {
  /** A step changed an order (the queue count should reload). */
  onChanged(): void;
  /** Take items of a collected order back in the Returns view. */
  startReturn(orderId: string, number: string): void;
};

export function createPickupsView(deps: PickupsDeps = { onChanged() {}, startReturn() {} }): PickupsView {
  const rows = h("tbody", { id: "pickup-rows" });
  const detail = createPickupDetail({
    onChanged: () => deps.onChanged(),
    startReturn: (orderId, number) => deps.startReturn(orderId, number),
    onOpen: () => {
      queuePanel.hidden = true;
      batch.hide();
    },
    onClose: () => {
      queuePanel.hidden = false;
      void reload();
      rows.querySelector<HTMLElement>("tr.pickup-row")?.focus();
    },
  });
  const statusFilter = h(
    "select",
    { id: "pickup-filter-status", class: "order-input", "aria-label": "Show orders in this status" },
    h("option", { value: "open" }, "Open (not collected)"),
    h("option", { value: "new" }, "New"),
    h("option", { value: "picking" }, "Picking"),
    h("option", { value: "ready" }, "Ready"),
    h("option", { value: "all" }, "All"),
  );
  const ageFilter = h("select", { id: "pickup-filter-age", class: "order-input", "aria-label": "Show orders older than" });
  for (const [value, label] of AGES) ageFilter.append(h("option", { value }, label));
  const find = h("input", {
    id: "pickup-find",
    class: "order-input",
    type: "search",
    autocomplete: "off",
    placeholder: "Order number or customer name",
    "aria-label": "Find a pickup order by number or customer name",
  });
  /** The watcher's open orders (the default view) and the fresh ones among them. */
  let lastOpen: PickupView[] = [];
  let lastFresh: ReadonlySet<string> = new Set();
  /** What the table shows besides the open queue: a filter or a search. */
  let searchText = "";
  function filter(): QueueFilterInput {
    const age = Number.parseInt(ageFilter.value, 10);
    return { status: statusFilter.value, min_age_hours: Number.isFinite(age) ? age : null };
  }
  function isDefault(): boolean {
    return !searchText && statusFilter.value === "open" && !ageFilter.value;
  }
  async function reload(): Promise<void> {
    if (isDefault()) {
      show(lastOpen, lastFresh);
      return;
    }
    const result = searchText
      ? await call(() => commands.pickupFind(searchText))
      : await call(() => commands.pickupQueueFiltered(filter()));
    if (result.status === "error") showProblem(result.error);
    else show(result.data, new Set());
  }
  statusFilter.addEventListener("change", () => {
    searchText = "";
    find.value = "";
    void reload();
  });
  ageFilter.addEventListener("change", () => void reload());
  find.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    searchText = find.value.trim();
    void reload();
  });
  find.addEventListener("input", () => {
    if (!find.value.trim() && searchText) {
      searchText = "";
      void reload();
    }
  });
  /** Queue rows chosen to pick together (pickup ids), kept across refreshes while listed. */
  const chosen = new Set<string>();
  const batchButton = h(
    "button",
    { id: "pickup-batch", class: "button button-primary", type: "button", disabled: true },
    "Pick together",
  );
  const batch = createBatchList({
    onClose: () => {
      batch.hide();
      queuePanel.hidden = false;
      batchButton.focus({ preventScroll: true });
    },
  });
  function updateBatchButton(): void {
    batchButton.disabled = chosen.size < 2;
    batchButton.textContent = chosen.size >= 2 ? `Pick together (${chosen.size})` : "Pick together";
  }
  rows.addEventListener("change", (ev) => {
    const box = ev.target as HTMLInputElement;
    if (!box.classList.contains("pickup-choose")) return;
    const id = box.closest<HTMLTableRowElement>("tr.pickup-row")?.dataset.pickupId;
    if (!id) return;
    if (box.checked) chosen.add(id);
    else chosen.delete(id);
    box.closest("tr")?.classList.toggle("is-chosen", box.checked);
    updateBatchButton();
  });
  batchButton.addEventListener("click", () => void openBatch());
  async function openBatch(): Promise<void> {
    const listed = Array.from(rows.querySelectorAll<HTMLTableRowElement>("tr.pickup-row")).filter((r) => chosen.has(r.dataset.pickupId ?? ""));
    const ids = listed.map((r) => r.dataset.pickupId!);
    if (ids.length < 2) return;
    batchButton.disabled = true;
    const result = await call(() => commands.pickupBatchList(ids));
    updateBatchButton();
    if (result.status === "error") {
      showProblem(result.error, "Pick list not made");
      return;
    }
    queuePanel.hidden = true;
    batch.show(result.data, listed.map((r) => r.dataset.orderNumber ?? ""));
  }
  /** The row's own choose box (and its label cell) only choose: they never open the order. */
  function inChooseCell(target: EventTarget | null): boolean {
    return target instanceof Element && target.closest(".pickup-choose-cell") !== null;
  }
  rows.addEventListener("click", (ev) => {
    if (inChooseCell(ev.target)) return;
    const row = (ev.target as Element).closest<HTMLTableRowElement>("tr.pickup-row");
    if (row?.dataset.pickupId) openRow(row.dataset.pickupId);
  });
  rows.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter" && ev.key !== " ") return;
    if (inChooseCell(ev.target)) return;
    const row = (ev.target as Element).closest<HTMLTableRowElement>("tr.pickup-row");
    if (!row?.dataset.pickupId) return;
    ev.preventDefault();
    openRow(row.dataset.pickupId);
  });
  function openRow(pickupId: string): void {
    queuePanel.hidden = true;
    void detail.open(pickupId);
  }
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
        h("th", { scope: "col", class: "pickup-choose-head" }, "Pick together"),
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
  const queuePanel = h(
      "div",
      { class: "panel pickups-panel" },
      h(
        "div",
        { class: "panel-head" },
        h("h2", { id: "pickups-heading", class: "panel-title" }, "Pickup orders"),
        summary,
      ),
      h(
        "div",
        { class: "pickups-filters" },
        h("label", { for: "pickup-filter-status" }, "Status ", statusFilter),
        h("label", { for: "pickup-filter-age" }, "Age ", ageFilter),
        h("label", { for: "pickup-find" }, "Find ", find),
        batchButton,
      ),
      error,
      selectedNote,
      loading,
      empty,
      // Focusable so the list can be scrolled with the keyboard.
      h("div", { class: "pickups-scroll", tabindex: 0, "aria-labelledby": "pickups-heading" }, table),
    );
  const element = h("section", { id: "pickups", class: "pickups", "aria-busy": "true" }, queuePanel, detail.element, batch.element);

  function renderRow(order: PickupView, isNew: boolean, now: Date): HTMLTableRowElement {
    return h(
      "tr",
      {
        class: ["pickup-row", isNew ? "is-new" : "", chosen.has(order.pickup_id) ? "is-chosen" : "", selected?.pickup_id === order.pickup_id ? "is-selected" : ""]
          .filter(Boolean)
          .join(" "),
        "aria-current": selected?.pickup_id === order.pickup_id ? "true" : null,
        tabindex: selected?.pickup_id === order.pickup_id ? -1 : 0,
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
      renderChooseCell(order),
    );
  }

  /** A large, labelled checkbox: the whole cell is its touch target. */
  function renderChooseCell(order: PickupView): HTMLTableCellElement {
    const box = h("input", {
      type: "checkbox",
      class: "pickup-choose",
      checked: chosen.has(order.pickup_id),
      "aria-label": `Pick order ${order.order_number} together with others`,
    });
    box.checked = chosen.has(order.pickup_id);
    return h("td", { class: "pickup-choose-cell" }, h("label", { class: "pickup-choose-label" }, box));
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

  function show(orders: PickupView[], fresh: ReadonlySet<string>): void {
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
      const listed = new Set(orders.map((o) => o.pickup_id));
      for (const id of chosen) if (!listed.has(id)) chosen.delete(id);
      updateBatchButton();
      // A refresh rebuilds the rows: a focused choose box keeps the focus.
      const focused = document.activeElement?.closest(".pickup-choose")
        ? document.activeElement.closest<HTMLTableRowElement>("tr.pickup-row")?.dataset.pickupId
        : undefined;
      rows.replaceChildren(...orders.map((o) => renderRow(o, fresh.has(o.pickup_id), now)));
      if (focused) {
        const row = Array.from(rows.querySelectorAll<HTMLTableRowElement>("tr.pickup-row")).find((r) => r.dataset.pickupId === focused);
        row?.querySelector<HTMLInputElement>(".pickup-choose")?.focus({ preventScroll: true });
      }
      showSelected(focusWhenListed);
  }

  function showProblem(problem: Problem, what = "Pickup orders not updated"): void {
      element.removeAttribute("aria-busy");
      loading.hidden = true;
      error.dataset.code = problem.code;
      error.textContent = `${what}: ${problem.message}`;
      error.classList.add("has-message");
      error.hidden = false;
  }

  return {
    element,
    detail,
    render(orders, fresh) {
      lastOpen = orders;
      lastFresh = fresh;
      if (isDefault()) show(orders, fresh);
      else void reload();
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
    showError: (problem) => showProblem(problem),
  };
}
