/**
 * The pick list for a batch of several pickup orders: one line per product,
 * its total units to fetch, and how many go to each order.
 * Invariant: it only shows what the backend answered; choosing and loading
 * the orders is the queue's job, and closing it always hands back to the queue.
 */
import type { BatchLineView } from "../bindings";
import { h } from "../dom";

export type BatchList = {
  element: HTMLElement;
  /** Show the lines for the chosen orders (numbers in queue order) and focus the panel. */
  show(lines: BatchLineView[], orderNumbers: string[]): void;
  hide(): void;
};

/** The panel `#batch-list`; `onClose` runs when `#batch-close` is pressed. */
export function createBatchList(deps: { onClose(): void }): BatchList {
  const heading = h("h2", { id: "batch-heading", class: "panel-title", tabindex: -1 }, "Pick together");
  const orders = h("span", { id: "batch-orders", class: "pickups-summary" });
  const list = h("ul", { id: "batch-lines", class: "batch-lines", "aria-labelledby": "batch-heading" });
  const empty = h("p", { id: "batch-empty", class: "pickups-note", hidden: true }, "Nothing is left to pick for these orders");
  const close = h("button", { id: "batch-close", class: "button", type: "button" }, "Back to the queue");
  close.addEventListener("click", () => deps.onClose());
  const element = h(
    "section",
    { id: "batch-list", class: "panel batch-list", hidden: true, "aria-labelledby": "batch-heading" },
    h("div", { class: "panel-head" }, heading, orders),
    empty,
    list,
    h("div", { class: "batch-actions" }, close),
  );

  function renderLine(line: BatchLineView): HTMLLIElement {
    return h(
      "li",
      { class: "batch-line", "data-product-id": line.product_id, "data-units": line.units },
      h("span", { class: "batch-product" }, line.product_name),
      h("span", { class: "batch-units num" }, `${line.units} unit(s)`),
      h(
        "ul",
        { class: "batch-orders" },
        ...line.orders.map((o) =>
          h(
            "li",
            { class: "batch-order", "data-pickup-id": o.pickup_id, "data-order-number": o.order_number, "data-line-no": o.line_no },
            h("span", { class: "batch-order-number" }, o.order_number),
            " ",
            h("span", { class: "batch-order-units" }, `× ${o.units}`),
          ),
        ),
      ),
    );
  }

  return {
    element,
    show(lines, orderNumbers) {
      orders.textContent = `Orders ${orderNumbers.join(", ")}`;
      list.replaceChildren(...lines.map(renderLine));
      empty.hidden = lines.length > 0;
      element.hidden = false;
      heading.focus({ preventScroll: true });
    },
    hide() {
      element.hidden = true;
    },
  };
}
