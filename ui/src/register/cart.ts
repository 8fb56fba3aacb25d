import type { CartLineView, CartView } from "../bindings";
import { h } from "../dom";
import { barcodeText, unitsText } from "../format";

export type CartHandlers = {
  increment(lineId: string): void;
  decrement(lineId: string): void;
  remove(lineId: string): void;
  /** Change the line's price or discount. */
  adjust(lineId: string): void;
  clear(): void;
};

export type CartTable = {
  element: HTMLElement;
  render(cart: CartView, highlightLineId?: string | null): void;
};

export function createCart(handlers: CartHandlers, highlightMs: number): CartTable {
  const tbody = h("tbody", { id: "cart-lines" });
  const units = h("td", { id: "cart-units", class: "cart-units" });
  const total = h("td", { id: "cart-total", class: "cart-total num", colspan: 2 });
  const promotions = h("td", { id: "cart-promotions", class: "cart-promotions", colspan: 3 });
  const discount = h("td", { id: "cart-discount", class: "num", colspan: 2 });
  const tax = h("td", { id: "cart-tax", class: "cart-tax", colspan: 4 });
  const discountRow = h("tr", { class: "cart-discount-row", hidden: true }, h("th", { scope: "row" }, "Discounts"), promotions, discount);
  const taxRow = h("tr", { class: "cart-tax-row" }, tax);
  const clearButton = h("button", { id: "clear-cart", class: "button button-secondary", type: "button" }, "Clear cart");
  const table = h(
    "table",
    { id: "cart", class: "cart" },
    h("caption", { class: "visually-hidden" }, "Items in this sale"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col", class: "col-item" }, "Item"),
        h("th", { scope: "col", class: "col-qty" }, "Qty"),
        h("th", { scope: "col", class: "col-total num" }, "Total"),
        h("th", { scope: "col", class: "col-actions" }, h("span", { class: "visually-hidden" }, "Remove")),
      ),
    ),
    tbody,
    h(
      "tfoot",
      {},
      discountRow,
      h("tr", { class: "cart-totals" }, h("th", { scope: "row" }, "Total"), units, total),
      taxRow,
    ),
  );
  const element = h(
    "section",
    { class: "panel cart-panel", "aria-labelledby": "cart-heading" },
    h("div", { class: "panel-head" }, h("h2", { id: "cart-heading", class: "panel-title" }, "Sale"), clearButton),
    h("div", { class: "cart-scroll" }, table),
  );
  const announcer = h("div", { id: "cart-announcer", class: "visually-hidden", "aria-live": "polite" });
  element.appendChild(announcer);

  function renderLine(line: CartLineView, highlight: boolean): HTMLTableRowElement {
    const dec = h(
      "button",
      {
        type: "button",
        class: "qty-dec qty-button",
        "aria-label": `Decrease quantity of ${line.name}`,
        disabled: line.quantity <= 1 || line.label !== null,
      },
      "−",
    );
    const inc = h(
      "button",
      {
        type: "button",
        class: "qty-inc qty-button",
        "aria-label": `Increase quantity of ${line.name}`,
        // A price or weight label is one item: scan the next label instead.
        disabled: line.label !== null,
      },
      "+",
    );
    const remove = h(
      "button",
      { type: "button", class: "line-remove", "aria-label": `Remove ${line.name}`, title: "Remove" },
      "×",
    );
    const adjust = h(
      "button",
      { type: "button", class: "line-adjust", "aria-label": `Change the price or discount of ${line.name}`, title: "Price or discount" },
      "%",
    );
    return h(
      "tr",
      {
        class: highlight ? "cart-line is-added" : "cart-line",
        "data-line-id": line.line_id,
        "data-product-id": line.product_id,
        "data-quantity": line.quantity,
        "data-label": line.label !== null ? "true" : null,
      },
      h(
        "td",
        { class: "line-item" },
        h("span", { class: "line-name" }, line.name),
        h(
          "span",
          { class: "line-meta" },
          h("span", { class: "line-barcode" }, barcodeText(line.gtin13 ?? null)),
          h("span", { class: "line-unit-price" }, line.label ?? line.unit_price.display),
          line.price_overridden ? h("span", { class: "line-override" }, "price changed") : null,
        ),
        line.discounts.length > 0
          ? h(
              "span",
              { class: "line-discounts" },
              line.discounts.map((d) => `${d.label} −${d.amount.display}`).join(" · "),
            )
          : null,
      ),
      h(
        "td",
        { class: "line-qty" },
        h("div", { class: "qty" }, dec, h("span", { class: "qty-value", "aria-label": "Quantity" }, String(line.quantity)), inc),
      ),
      h("td", { class: "line-total num" }, line.line_total.display),
      h("td", { class: "line-actions" }, adjust, remove),
    );
  }

  function render(cart: CartView, highlightLineId: string | null = null): void {
    if (cart.lines.length === 0) {
      tbody.replaceChildren(
        h("tr", { class: "cart-empty" }, h("td", { colspan: 4 }, "Scan an item to start a sale")),
      );
    } else {
      tbody.replaceChildren(...cart.lines.map((line) => renderLine(line, line.line_id === highlightLineId)));
    }
    units.textContent = unitsText(cart.units);
    total.textContent = cart.total.display;
    discountRow.hidden = cart.discount.minor === 0;
    promotions.textContent = cart.promotions.map((p) => p.label).join(", ") || "Discount";
    discount.textContent = `−${cart.discount.display}`;
    tax.textContent = cart.lines.length === 0 ? "" : cart.prices_include_tax ? `incl. tax ${cart.tax.display}` : `plus tax ${cart.tax.display}`;
    clearButton.disabled = cart.lines.length === 0;
    table.dataset.lines = String(cart.lines.length);

    if (highlightLineId) {
      const row = tbody.querySelector<HTMLTableRowElement>("tr.is-added");
      if (row) {
        if (typeof row.scrollIntoView === "function") row.scrollIntoView({ block: "nearest" });
        setTimeout(() => row.classList.remove("is-added"), highlightMs);
        const line = cart.lines.find((l) => l.line_id === highlightLineId);
        if (line) announcer.textContent = `${line.name}, quantity ${line.quantity}. Total ${cart.total.display}`;
      }
    }
  }

  tbody.addEventListener("click", (ev) => {
    const button = (ev.target as Element | null)?.closest<HTMLButtonElement>("button");
    if (!button || button.disabled) return;
    const lineId = button.closest<HTMLTableRowElement>("tr.cart-line")?.dataset.lineId;
    if (!lineId) return;
    if (button.classList.contains("qty-inc")) handlers.increment(lineId);
    else if (button.classList.contains("qty-dec")) handlers.decrement(lineId);
    else if (button.classList.contains("line-remove")) handlers.remove(lineId);
    else if (button.classList.contains("line-adjust")) handlers.adjust(lineId);
  });
  clearButton.addEventListener("click", () => handlers.clear());

  return { element, render };
}
