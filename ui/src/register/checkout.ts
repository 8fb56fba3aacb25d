import type { CartView, HandoffView, MoneyView } from "../bindings";
import { focusElement, h, keepKeyboardInside } from "../dom";
import { clockText } from "../format";

export type CheckoutActions = {
  /** Take `givenMinor` in cash for the sale; resolves to the change's text, or null when it failed. */
  payCash(givenMinor: number): Promise<string | null>;
  detachCustomer(): Promise<boolean>;
  /** Send the cart to the attached customer's phone; resolves to the code to show, or null when it failed. */
  handOff(): Promise<HandoffView | null>;
  /** The hand-off panel closed: focus goes back to the scan box. */
  onHandoffClosed(): void;
};

export type Checkout = {
  element: HTMLElement;
  render(cart: CartView): void;
  /** Open the cash form (F9), if there is anything to pay. */
  startCash(): void;
  /** True while the hand-off code is on screen (it has the keyboard). */
  isHandoffOpen(): boolean;
};

/** Digits after the decimal point in an amount as the app writes it ("15.80 EUR" → 2). */
export function exponentOf(m: MoneyView): number {
  const number = m.display.split(" ")[0] ?? "";
  const dot = number.indexOf(".");
  return dot < 0 ? 0 : number.length - dot - 1;
}

/** "20", "20.5", "20,50" → minor units with `exponent` decimals; null when it is not an amount. */
export function parseAmount(text: string, exponent: number): number | null {
  const m = /^\s*(\d{1,9})(?:[.,](\d*))?\s*$/.exec(text);
  if (!m) return null;
  const fraction = m[2] ?? "";
  if (fraction.length > exponent) return null;
  return Number(m[1]) * 10 ** exponent + Number(fraction.padEnd(exponent, "0") || "0");
}

/**
 * Under the sale: whom it is for (with a button to take the customer off),
 * and paying in cash — the amount handed over, or "Exact amount" — with the
 * change shown when the sale is done. Enter completes, Escape cancels.
 */
export function createCheckout(actions: CheckoutActions): Checkout {
  let cart: CartView | null = null;
  const who = h("span", { id: "cart-customer-name" });
  const detach = h("button", { id: "detach-customer", type: "button", class: "button button-quiet" }, "Remove customer");
  const customer = h("p", { id: "cart-customer", class: "cart-customer", hidden: true }, who, " ", detach);
  const pay = h("button", { id: "pay-cash", type: "button", class: "button button-primary" }, "Pay cash (F9)");
  const given = h("input", { id: "cash-given", class: "input", inputmode: "decimal", autocomplete: "off", "aria-label": "Cash handed over" });
  const exact = h("button", { id: "cash-exact", type: "button", class: "button button-secondary" }, "Exact amount");
  const confirm = h("button", { id: "cash-confirm", type: "button", class: "button button-primary" }, "Complete sale");
  const cancel = h("button", { id: "cash-cancel", type: "button", class: "button button-quiet" }, "Cancel");
  const form = h("div", { id: "cash-form", class: "cash-form", hidden: true }, h("label", { for: "cash-given" }, "Cash handed over"), given, exact, confirm, cancel);
  const done = h("p", { id: "sale-done", class: "sale-done", role: "status", hidden: true });
  const problem = h("p", { id: "cash-problem", class: "message", role: "alert" });
  const handOff = h("button", { id: "hand-off", type: "button", class: "button button-secondary" }, "Send to the customer's phone");
  const handoff = createHandoffPanel(() => {
    handOff.focus();
    actions.onHandoffClosed();
  });
  const element = h("div", { class: "checkout" }, customer, h("div", { class: "checkout-actions" }, pay, handOff), form, problem, done, handoff.element);

  handOff.addEventListener("click", async () => {
    handOff.disabled = true;
    const shown = await actions.handOff();
    handOff.disabled = false;
    if (shown) handoff.show(shown);
  });

  function closeForm(): void {
    form.hidden = true;
    pay.hidden = false;
    problem.textContent = "";
  }

  async function complete(givenMinor: number): Promise<void> {
    confirm.disabled = exact.disabled = true;
    const change = await actions.payCash(givenMinor);
    confirm.disabled = exact.disabled = false;
    if (change === null) return;
    closeForm();
    done.textContent = `Sale complete. Change: ${change}`;
    done.hidden = false;
  }

  function submitTyped(): void {
    if (!cart) return;
    const minor = parseAmount(given.value, exponentOf(cart.total));
    if (minor === null) {
      problem.textContent = `Type the cash handed over, e.g. ${cart.total.display.split(" ")[0]}.`;
      focusElement(given, true);
      return;
    }
    void complete(minor);
  }

  pay.addEventListener("click", () => startCash());
  exact.addEventListener("click", () => cart && void complete(cart.total.minor));
  confirm.addEventListener("click", submitTyped);
  cancel.addEventListener("click", closeForm);
  detach.addEventListener("click", () => void actions.detachCustomer());
  given.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      ev.preventDefault();
      submitTyped();
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      closeForm();
    }
  });

  function startCash(): void {
    if (!cart || cart.lines.length === 0) return;
    done.hidden = true;
    pay.hidden = true;
    form.hidden = false;
    given.value = "";
    focusElement(given);
  }

  return {
    element,
    render(next) {
      cart = next;
      customer.hidden = next.customer === null;
      who.textContent = next.customer
        ? `For ${next.customer.name}${next.customer.online_cart_id ? " · from their online cart" : ""}`
        : "";
      pay.disabled = next.lines.length === 0;
      handOff.disabled = next.lines.length === 0 || next.customer === null;
      handOff.title = next.customer === null ? "Attach the customer first" : "";
      if (next.lines.length > 0) done.hidden = true;
      if (next.lines.length === 0) closeForm();
    },
    startCash,
    isHandoffOpen: () => handoff.isOpen(),
  };
}

/**
 * The hand-off code on screen for the customer to scan with their phone,
 * until it is closed (button or Escape; Tab stays inside while it is open).
 */
function createHandoffPanel(onClose: () => void): { element: HTMLElement; show(v: HandoffView): void; isOpen(): boolean } {
  const body = h("div", { class: "handoff-body" });
  const close = h("button", { id: "handoff-close", type: "button", class: "button button-primary" }, "Done (Esc)");
  const element = h(
    "section",
    { id: "handoff", class: "panel handoff-panel", role: "dialog", "aria-modal": "true", "aria-labelledby": "handoff-title", hidden: true },
    h("h2", { id: "handoff-title", class: "panel-title" }, "Cart sent to the customer's phone"),
    body,
    close,
  );
  function hide(): void {
    if (element.hidden) return;
    element.hidden = true;
    body.replaceChildren();
    onClose();
  }
  close.addEventListener("click", hide);
  keepKeyboardInside(element, hide);
  return {
    element,
    show(v) {
      const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(v.qr.svg)}`;
      body.replaceChildren(
        h("img", { id: "handoff-qr", src, alt: `Cart hand-off code for ${v.customer_name}`, width: 260, height: 260, "data-text": v.qr.text, "data-cart-id": v.cart_id }),
        h(
          "p",
          { class: "handoff-hint" },
          `${v.customer_name} scans this code to finish the purchase of ${v.units === 1 ? "1 item" : `${v.units} items`} on their phone. ` +
            `It works until ${clockText(v.expires_at)}; the cart reaches their account as soon as this device is online. Online prices apply.`,
        ),
      );
      element.hidden = false;
      focusElement(close);
    },
    isOpen: () => !element.hidden,
  };
}
