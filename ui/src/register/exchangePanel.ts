import type { CartView } from "../bindings";
import { h } from "../dom";
import { methodLabel } from "../returns/labels";

export type ExchangePanelActions = {
  /** Complete the exchange; what is left of the credit is refunded by `refundMethod`. */
  complete(refundMethod: string): Promise<void>;
  cancel(): Promise<void>;
};

export type ExchangePanel = { element: HTMLElement; render(cart: CartView): void };

/**
 * An exchange in progress above the sale: which order's items come back
 * and the credit they give, "Cancel exchange", and — once the credit covers
 * the new items — how the rest is refunded and "Complete exchange". When
 * the new items cost more, the usual payment takes the difference.
 */
export function createExchangePanel(actions: ExchangePanelActions): ExchangePanel {
  const summary = h("p", { id: "exchange-summary", class: "exchange-summary" });
  const cancel = h("button", { id: "exchange-cancel", type: "button", class: "button button-quiet" }, "Cancel exchange");
  const method = h("select", { id: "exchange-refund-method", class: "return-select", "aria-label": "Refund the rest of the credit to" });
  const methodRow = h("label", { class: "field exchange-method" }, "Refund the rest to", method);
  const complete = h("button", { id: "exchange-complete", type: "button", class: "button button-primary" }, "Complete exchange");
  const finish = h("div", { id: "exchange-finish", class: "actions", hidden: true }, methodRow, complete);
  const element = h(
    "section",
    { id: "exchange", class: "panel exchange-panel", hidden: true, "aria-label": "Exchange in progress" },
    summary,
    finish,
    h("div", { class: "actions" }, cancel),
  );
  let busy = false;

  async function run(action: () => Promise<void>): Promise<void> {
    if (busy) return;
    busy = true;
    complete.disabled = cancel.disabled = true;
    await action();
    busy = false;
    complete.disabled = cancel.disabled = false;
  }

  complete.addEventListener("click", () => void run(() => actions.complete(method.value || "original")));
  cancel.addEventListener("click", () => void run(() => actions.cancel()));

  return {
    element,
    render(cart) {
      const x = cart.exchange;
      element.hidden = x === null;
      if (!x) return;
      element.dataset.orderNumber = x.order_number;
      const items = x.units === 1 ? "1 item" : `${x.units} items`;
      const rest =
        cart.lines.length === 0
          ? " Scan the new items."
          : x.refund_due.minor > 0
            ? ` ${x.refund_due.display} of it is left over, refunded when the exchange completes.`
            : " Take the rest of the payment as usual.";
      summary.textContent = `Exchange: ${items} of order ${x.order_number} come back, a credit of ${x.credit.display}.${rest}` +
        (x.provisional ? " (Checked against this device only.)" : "");
      finish.hidden = cart.lines.length === 0 || cart.due.minor > 0;
      methodRow.hidden = x.refund_due.minor === 0;
      const previous = method.value;
      method.replaceChildren(...x.refund_methods.map((m) => h("option", { value: m, selected: m === previous }, methodLabel(m))));
    },
  };
}
