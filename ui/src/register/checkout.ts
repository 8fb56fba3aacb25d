import type { CartView, MoneyView } from "../bindings";
import { focusElement, h } from "../dom";

export type CheckoutActions = {
  /** Take `givenMinor` in cash for the sale; resolves to the change's text, or null when it failed. */
  payCash(givenMinor: number): Promise<string | null>;
  detachCustomer(): Promise<boolean>;
};

export type Checkout = {
  element: HTMLElement;
  render(cart: CartView): void;
  /** Open the cash form (F9), if there is anything to pay. */
  startCash(): void;
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
  const element = h("div", { class: "checkout" }, customer, pay, form, problem, done);

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
      if (next.lines.length > 0) done.hidden = true;
      if (next.lines.length === 0) closeForm();
    },
    startCash,
  };
}
