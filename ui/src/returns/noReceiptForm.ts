import type { NoReceiptInput, Problem } from "../bindings";
import { h } from "../dom";
import { DISPOSITIONS, REASONS } from "./labels";

export type NoReceiptForm = {
  element: HTMLElement;
  /** What was typed, or a problem to show (nothing is sent). */
  read(): { ok: Omit<NoReceiptInput, "approval"> } | { problem: Problem };
  focus(): void;
};

function select(id: string, options: readonly { value: string; label: string }[]): HTMLSelectElement {
  return h("select", { id, class: "return-select" }, ...options.map((o) => h("option", { value: o.value }, o.label)));
}

function field(label: string, control: HTMLElement): HTMLElement {
  return h("label", { class: "field" }, h("span", { class: "field-label" }, label), control);
}

/**
 * A return without a receipt: the item's barcode, how many, why, where it
 * goes, and which ID the customer showed. The refund is store credit at the
 * item's lowest recent price, with a manager's approval (Rust decides both).
 */
export function renderNoReceiptForm(confirm: () => void): NoReceiptForm {
  const code = h("input", { id: "no-receipt-code", class: "search-input", type: "text", autocomplete: "off", spellcheck: "false" });
  const quantity = h("input", { id: "no-receipt-qty", class: "return-qty-input", type: "number", min: "1", max: "99", value: "1" });
  const reason = select("no-receipt-reason", REASONS);
  const disposition = select("no-receipt-disposition", DISPOSITIONS);
  const idNote = h("input", { id: "no-receipt-id-note", class: "search-input", type: "text", autocomplete: "off", maxlength: "200" });
  const button = h("button", { id: "no-receipt-confirm", class: "button button-primary", type: "button" }, "Refund as store credit");
  button.addEventListener("click", confirm);
  const element = h(
    "div",
    { id: "no-receipt", class: "panel return-no-receipt", role: "group", "aria-label": "Return without a receipt" },
    h("h2", { class: "panel-title" }, "Without a receipt"),
    h("p", { class: "return-hint" }, "Refunded as store credit at the lowest price it sold for recently; a manager approves."),
    field("Item barcode", code),
    field("How many", quantity),
    field("Why", reason),
    field("Where it goes", disposition),
    field("ID shown (what was checked)", idNote),
    button,
  );
  return {
    element,
    read() {
      const units = Number(quantity.value);
      if (!code.value.trim()) return { problem: { code: "invalid_input", message: "Scan or type the item's barcode." } };
      if (!Number.isInteger(units) || units < 1 || units > 99) {
        return { problem: { code: "invalid_input", message: "Take back 1 to 99 units at a time." } };
      }
      if (!idNote.value.trim()) {
        return { problem: { code: "invalid_input", message: "Note which ID the customer showed." } };
      }
      return {
        ok: { code: code.value.trim(), quantity: units, reason: reason.value, disposition: disposition.value, id_note: idNote.value.trim() },
      };
    },
    focus: () => code.focus(),
  };
}
