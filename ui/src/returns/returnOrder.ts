import type { Problem, ReturnInput, ReturnOrderView, ReturnableLineView } from "../bindings";
import { h } from "../dom";
import { dateTimeText } from "../format";
import { channelLabel, DISPOSITIONS, methodLabel, REASONS } from "./labels";

export type ReturnOrderForm = {
  element: HTMLElement;
  /** What the cashier chose, or why it cannot be taken back as it stands (checked here, before Rust). */
  read(): { ok: Omit<ReturnInput, "approval"> } | { problem: Problem };
  /** The first quantity field that can take a number, to start at. */
  firstQuantity(): HTMLInputElement | null;
};

/**
 * A found purchase: its number, channel and date, each line with what can
 * still come back (quantity, reason, what happens to the item), the refund
 * method, and the button that takes the return (`onConfirm`).
 */
export function renderReturnOrder(order: ReturnOrderView, onConfirm: () => void, onExchange: () => void): ReturnOrderForm {
  const rows = order.lines.map(lineRow);
  const method = h(
    "select",
    { id: "refund-method", class: "return-select" },
    ...order.refund_methods.map((m, i) => h("option", { value: m, selected: i === 0 }, methodLabel(m))),
  );
  const confirm = h("button", { id: "return-confirm", class: "button button-primary return-confirm", type: "button" }, "Take the return");
  const exchange = h(
    "button",
    { id: "return-exchange", class: "button button-secondary return-confirm", type: "button", title: "Their value pays for new items at the register" },
    "Exchange for new items",
  );
  const form = h(
    "section",
    { id: "return-order", class: "panel return-order", "data-order-id": order.order_id, "aria-labelledby": "return-order-title" },
    h("div", { class: "panel-head" }, h("h2", { id: "return-order-title", class: "panel-title" }, `Order ${order.number}`)),
    h(
      "dl",
      { class: "facts return-facts" },
      h("dt", {}, "Number"),
      h("dd", { id: "return-order-no" }, order.number),
      h("dt", {}, "Channel"),
      h("dd", { id: "return-channel", "data-channel": order.channel }, channelLabel(order.channel)),
      h("dt", {}, "Bought"),
      h("dd", {}, h("time", { id: "return-bought-at", datetime: order.bought_at }, dateTimeText(order.bought_at))),
    ),
    h(
      "p",
      { id: "return-provisional", class: "message has-message is-note", role: "note", hidden: !order.provisional },
      "Checked against this device only; the hub may flag it.",
    ),
    h("div", { class: "return-scroll", tabindex: 0, "aria-label": "Lines of the order" }, linesTable(rows.map((r) => r.row))),
    h("div", { class: "return-refund-row" }, h("label", { for: "refund-method", class: "field-label" }, "Refund to"), method, confirm, exchange),
  );
  // A button, not a form: Enter in a quantity field must not take the return.
  confirm.addEventListener("click", onConfirm);
  exchange.addEventListener("click", onExchange);

  return {
    element: form,
    read() {
      const lines: ReturnInput["lines"] = [];
      for (const r of rows) {
        const picked = r.read();
        if ("problem" in picked) return picked;
        if (picked.ok) lines.push(picked.ok);
      }
      if (lines.length === 0) return { problem: invalid("Choose at least one item to take back.") };
      if (!method.value) return { problem: invalid("This purchase cannot be refunded here: no refund method is allowed.") };
      return { ok: { order_id: order.order_id, lines, refund_method: method.value, store_credit_card_id: null } };
    },
    firstQuantity: () => rows.map((r) => r.quantity).find((q) => !q.disabled) ?? null,
  };
}

function invalid(message: string): Problem {
  return { code: "invalid_input", message };
}

function linesTable(rows: HTMLTableRowElement[]): HTMLTableElement {
  return h(
    "table",
    { id: "return-lines", class: "return-lines" },
    h("caption", { class: "visually-hidden" }, "What can come back"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Item"),
        h("th", { scope: "col", class: "num" }, "Bought"),
        h("th", { scope: "col", class: "num" }, "Can return"),
        h("th", { scope: "col" }, "Return"),
        h("th", { scope: "col" }, "Why"),
        h("th", { scope: "col" }, "Item goes"),
      ),
    ),
    h("tbody", {}, ...rows),
  );
}

type LineRow = {
  row: HTMLTableRowElement;
  quantity: HTMLInputElement;
  /** The line to return (`null`: none of it), or why the quantity is refused. */
  read(): { ok: ReturnInput["lines"][number] | null } | { problem: Problem };
};

function lineRow(line: ReturnableLineView): LineRow {
  const none = line.returnable <= 0;
  const quantity = h("input", {
    class: "return-qty",
    type: "number",
    inputmode: "numeric",
    min: 0,
    max: line.returnable,
    step: 1,
    value: 0,
    disabled: none,
    "aria-label": `How many ${line.name} come back (at most ${line.returnable})`,
  });
  const reason = select("return-reason", REASONS, `Why ${line.name} comes back`, none);
  const disposition = select("return-disposition", DISPOSITIONS, `Where ${line.name} goes`, none);
  const row = h(
    "tr",
    { class: none ? "return-line is-done" : "return-line", "data-line-no": line.line_no, "data-product-id": line.product_id },
    h("td", { class: "return-line-name" }, line.name, h("span", { class: "return-line-total" }, line.line_total.display)),
    h("td", { class: "num return-bought" }, String(line.bought)),
    h("td", { class: "num returnable" }, String(line.returnable)),
    h("td", {}, quantity),
    h("td", {}, reason),
    h("td", {}, disposition),
  );
  return {
    row,
    quantity,
    read() {
      const text = quantity.value.trim();
      const n = text === "" ? 0 : Number(text);
      if (!Number.isInteger(n) || n < 0) {
        return { problem: invalid(`${line.name}: type a whole number of items, from 0 to ${line.returnable}.`) };
      }
      if (n > line.returnable) {
        const most = line.returnable === 1 ? "1 item" : `${line.returnable} items`;
        return { problem: invalid(`${line.name}: at most ${most} can come back (${line.bought} bought).`) };
      }
      if (n === 0) return { ok: null };
      return { ok: { line_no: line.line_no, quantity: n, reason: reason.value, disposition: disposition.value } };
    },
  };
}

function select(cls: string, options: readonly { value: string; label: string }[], label: string, disabled: boolean): HTMLSelectElement {
  return h(
    "select",
    { class: `return-select ${cls}`, "aria-label": label, disabled },
    ...options.map((o, i) => h("option", { value: o.value, selected: i === 0 }, o.label)),
  );
}
