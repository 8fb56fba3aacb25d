import type { CardPaymentInput, CartView, HandoffView, MoneyView, PaymentView, ReceiptView, SaleDoneView, StoredValueView } from "../bindings";
import { methodLabel } from "../returns/labels";
import { createExchangePanel } from "./exchangePanel";
import { focusElement, h, keepKeyboardInside, openDialog } from "../dom";
import { clockText } from "../format";

export type CheckoutActions = {
  /** Take `givenMinor` in cash (all or part of what is due); null when it failed. */
  payCash(givenMinor: number): Promise<PaymentView | null>;
  /** Record the card terminal's answer; null when it failed (a declined card says so). */
  payCard(input: CardPaymentInput): Promise<PaymentView | null>;
  /** Pay part of the sale with the attached customer's points. */
  redeemPoints(points: number): Promise<PaymentView | null>;
  /** Change the discount on the whole sale. */
  discountSale(): void;
  /** Pay from a scanned store-credit or gift card. */
  payStoreCredit(cardId: string, amountMinor: number): Promise<PaymentView | null>;
  /** The receipt of a completed sale, to print or save as PDF. */
  receipt(saleId: string): Promise<ReceiptView | null>;
  saveReceiptPdf(saleId: string): Promise<string | null>;
  detachCustomer(): Promise<boolean>;
  /** Send the cart to the attached customer's phone; resolves to the code to show, or null when it failed. */
  handOff(): Promise<HandoffView | null>;
  /** The hand-off panel closed: focus goes back to the scan box. */
  onHandoffClosed(): void;
  /** Complete an exchange the credit covers; what is left of it is refunded by `refundMethod`. */
  completeExchange(refundMethod: string): Promise<PaymentView | null>;
  /** Forget the exchange in progress (the cart stays). */
  cancelExchange(): Promise<void>;
};

export type Checkout = {
  element: HTMLElement;
  render(cart: CartView): void;
  /** Open the cash form (F9), if there is anything to pay. */
  startCash(): void;
  /** Open the card form (F10), if there is anything to pay. */
  startCard(): void;
  /** A scanned store-credit or gift card: offer to pay from it. */
  offerStoredValue(card: StoredValueView): void;
  /** True while the hand-off code or the receipt is on screen (it has the keyboard). */
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

/** What the cashier reads once a sale (or an exchange) completes. */
export function doneText(d: SaleDoneView): string {
  const points = d.points_earned > 0 ? `. ${d.points_earned} points earned` : "";
  if (!d.exchange) return `Sale complete: ${d.total.display}. Change: ${d.change.display}${points}`;
  const refunded = d.exchange.refunds.filter((p) => p.method !== "exchange");
  const back = refunded.length === 0 ? "" : `. Refunded: ${refunded.map((p) => `${p.amount.display} (${methodLabel(p.method)})`).join(", ")}`;
  const change = d.change.minor > 0 ? `. Change: ${d.change.display}` : "";
  return `Exchange complete: ${d.exchange.refund.display} back, ${d.total.display} sold${change}${back}${points}`;
}

function amountText(minor: number, like: MoneyView): string {
  const e = exponentOf(like);
  return e === 0 ? String(minor) : `${Math.trunc(minor / 10 ** e)}.${String(minor % 10 ** e).padStart(e, "0")}`;
}

/**
 * Under the sale: whom it is for, and payment — cash (the amount handed
 * over, or "Exact amount"), a card through the terminal (its answer typed
 * here: reference, last four digits, auth code), the customer's points —
 * split as needed, with what is paid and still due. When the tenders cover
 * the total the sale completes: the change and the receipt (print, PDF).
 * Enter confirms, Escape cancels.
 */
export function createCheckout(actions: CheckoutActions): Checkout {
  let cart: CartView | null = null;
  const who = h("span", { id: "cart-customer-name" });
  const detach = h("button", { id: "detach-customer", type: "button", class: "button button-quiet" }, "Remove customer");
  const customer = h("p", { id: "cart-customer", class: "cart-customer", hidden: true }, who, " ", detach);
  const pay = h("button", { id: "pay-cash", type: "button", class: "button button-primary" }, "Pay cash (F9)");
  const payCardButton = h("button", { id: "pay-card", type: "button", class: "button button-primary" }, "Card (F10)");
  const pointsButton = h("button", { id: "pay-points", type: "button", class: "button button-secondary", hidden: true }, "Points");
  const given = h("input", { id: "cash-given", class: "input", inputmode: "decimal", autocomplete: "off", "aria-label": "Cash handed over" });
  const exact = h("button", { id: "cash-exact", type: "button", class: "button button-secondary" }, "Exact amount");
  const confirm = h("button", { id: "cash-confirm", type: "button", class: "button button-primary" }, "Take cash");
  const cancel = h("button", { id: "cash-cancel", type: "button", class: "button button-quiet" }, "Cancel");
  const form = h("div", { id: "cash-form", class: "cash-form", hidden: true }, h("label", { for: "cash-given" }, "Cash handed over"), given, exact, confirm, cancel);
  const card = createCardForm(
    (input) => actions.payCard(input),
    (view) => afterPayment(view),
    () => showButtons(),
  );
  const points = h("input", { id: "points-count", class: "input", inputmode: "numeric", autocomplete: "off", "aria-label": "Points to redeem" });
  const pointsConfirm = h("button", { id: "points-confirm", type: "button", class: "button button-primary" }, "Redeem");
  const pointsForm = h("div", { id: "points-form", class: "cash-form", hidden: true }, h("label", { for: "points-count" }, "Points"), points, pointsConfirm);
  const tenders = h("ul", { id: "tenders", class: "tenders" });
  const giftOffer = h("button", { id: "pay-stored-value", type: "button", class: "button button-primary", hidden: true });
  let offered: { cardId: string; amount: number } | null = null;
  giftOffer.addEventListener("click", async () => {
    if (!offered) return;
    const { cardId, amount } = offered;
    giftOffer.hidden = true;
    offered = null;
    const view = await actions.payStoreCredit(cardId, amount);
    if (view) afterPayment(view);
  });
  const due = h("p", { id: "payment-due", class: "payment-due", hidden: true });
  const done = h("p", { id: "sale-done", class: "sale-done", role: "status", hidden: true });
  const showReceipt = h("button", { id: "show-receipt", type: "button", class: "button button-secondary", hidden: true }, "Receipt");
  const problem = h("p", { id: "cash-problem", class: "message", role: "alert" });
  const handOff = h("button", { id: "hand-off", type: "button", class: "button button-secondary" }, "Send to the customer's phone");
  const saleDiscount = h("button", { id: "order-discount", type: "button", class: "button button-secondary" }, "Discount on sale");
  saleDiscount.addEventListener("click", () => actions.discountSale());
  let receiptOpen = false;
  let lastSaleId: string | null = null;
  const exchangePanel = createExchangePanel({
    complete: async (method) => {
      const view = await actions.completeExchange(method);
      if (view) afterPayment(view);
    },
    cancel: () => actions.cancelExchange(),
  });
  const handoff = createHandoffPanel(() => {
    handOff.focus();
    actions.onHandoffClosed();
  });
  const element = h(
    "div",
    { class: "checkout" },
    customer,
    exchangePanel.element,
    h("div", { class: "checkout-actions" }, pay, payCardButton, pointsButton, saleDiscount, handOff),
    giftOffer,
    form,
    card.element,
    pointsForm,
    tenders,
    due,
    problem,
    done,
    showReceipt,
    handoff.element,
  );

  handOff.addEventListener("click", async () => {
    handOff.disabled = true;
    const shown = await actions.handOff();
    handOff.disabled = false;
    if (shown) handoff.show(shown);
  });

  function showButtons(): void {
    form.hidden = true;
    pointsForm.hidden = true;
    card.hide();
    pay.hidden = payCardButton.hidden = false;
    pointsButton.hidden = !cart?.customer;
    problem.textContent = "";
  }

  /** After a tender: the sale still open (what is due), or done. */
  function afterPayment(view: PaymentView): void {
    showButtons();
    if (!view.done) return;
    const d = view.done;
    lastSaleId = d.sale_id;
    done.textContent = doneText(d);
    done.hidden = false;
    showReceipt.hidden = false;
    done.dataset.saleId = d.sale_id;
  }

  async function takeCash(givenMinor: number): Promise<void> {
    confirm.disabled = exact.disabled = true;
    const view = await actions.payCash(givenMinor);
    confirm.disabled = exact.disabled = false;
    if (view) afterPayment(view);
  }

  function submitTyped(): void {
    if (!cart) return;
    const minor = parseAmount(given.value, exponentOf(cart.total));
    if (minor === null || minor === 0) {
      problem.textContent = `Type the cash handed over, e.g. ${cart.due.display.split(" ")[0]}.`;
      focusElement(given, true);
      return;
    }
    void takeCash(minor);
  }

  pay.addEventListener("click", () => startCash());
  payCardButton.addEventListener("click", () => startCard());
  pointsButton.addEventListener("click", () => {
    pay.hidden = payCardButton.hidden = pointsButton.hidden = true;
    pointsForm.hidden = false;
    points.value = "";
    focusElement(points);
  });
  pointsConfirm.addEventListener("click", async () => {
    const n = Number(points.value.trim());
    if (!Number.isInteger(n) || n <= 0) {
      problem.textContent = "Type the number of points to redeem.";
      return;
    }
    const view = await actions.redeemPoints(n);
    if (view) afterPayment(view);
  });
  points.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      ev.preventDefault();
      pointsConfirm.click();
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      showButtons();
    }
  });
  exact.addEventListener("click", () => cart && void takeCash(cart.due.minor));
  confirm.addEventListener("click", submitTyped);
  cancel.addEventListener("click", showButtons);
  detach.addEventListener("click", () => void actions.detachCustomer());
  given.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      ev.preventDefault();
      submitTyped();
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      showButtons();
    }
  });
  showReceipt.addEventListener("click", async () => {
    if (!lastSaleId) return;
    const saleId = lastSaleId;
    const view = await actions.receipt(saleId);
    if (!view) return;
    receiptOpen = true;
    openReceipt(view, () => actions.saveReceiptPdf(saleId), () => {
      receiptOpen = false;
      showReceipt.focus();
    });
  });

  function startCash(): void {
    if (!cart || cart.lines.length === 0) return;
    done.hidden = true;
    showReceipt.hidden = true;
    pay.hidden = payCardButton.hidden = pointsButton.hidden = true;
    form.hidden = false;
    given.value = "";
    focusElement(given);
  }

  function startCard(): void {
    if (!cart || cart.lines.length === 0) return;
    done.hidden = true;
    showReceipt.hidden = true;
    pay.hidden = payCardButton.hidden = pointsButton.hidden = true;
    card.show(cart.due);
  }

  return {
    element,
    render(next) {
      cart = next;
      customer.hidden = next.customer === null;
      who.textContent = next.customer
        ? `For ${next.customer.name}${next.customer.online_cart_id ? " · from their online cart" : ""}`
        : "";
      exchangePanel.render(next);
      // The credit covers the new items: the exchange completes with a refund, not a payment.
      const covered = next.exchange !== null && next.lines.length > 0 && next.due.minor === 0;
      pay.disabled = payCardButton.disabled = next.lines.length === 0 || covered;
      saleDiscount.disabled = next.lines.length === 0;
      pointsButton.hidden = next.customer === null || !form.hidden || !pointsForm.hidden || !card.isHidden();
      handOff.disabled = next.lines.length === 0 || next.customer === null;
      handOff.title = next.customer === null ? "Attach the customer first" : "";
      tenders.replaceChildren(
        ...next.tenders.map((t) =>
          h("li", { class: "tender", "data-kind": t.kind }, `${t.detail ?? t.kind}: ${t.amount.display}`),
        ),
      );
      due.hidden = next.tenders.length === 0 && next.exchange === null;
      due.textContent = `Paid ${next.paid.display}. Still to pay: ${next.due.display}`;
      if (next.lines.length > 0) {
        done.hidden = true;
        showReceipt.hidden = true;
      }
      if (next.lines.length === 0) {
        form.hidden = true;
        pointsForm.hidden = true;
        card.hide();
        pay.hidden = payCardButton.hidden = false;
      }
    },
    startCash,
    startCard,
    offerStoredValue(card) {
      const amount = cart ? Math.min(card.balance.minor, cart.due.minor) : 0;
      if (!card.active || amount <= 0 || !cart) {
        giftOffer.hidden = true;
        offered = null;
        return;
      }
      offered = { cardId: card.card_id, amount };
      giftOffer.textContent = `Pay ${amountText(amount, cart.due)} ${cart.due.currency} from card ${card.number}`;
      giftOffer.hidden = false;
    },
    isHandoffOpen: () => handoff.isOpen() || receiptOpen || !card.isHidden(),
  };
}

/**
 * The card terminal's answer as the cashier types it: the amount charged,
 * the terminal's reference, the last four digits and the auth code (never
 * the card number); Approved or Declined.
 */
function createCardForm(
  payCard: (input: CardPaymentInput) => Promise<PaymentView | null>,
  paid: (view: PaymentView) => void,
  cancelled: () => void,
): { element: HTMLElement; show(due: MoneyView): void; hide(): void; isHidden(): boolean } {
  let like: MoneyView | null = null;
  const amount = h("input", { id: "card-amount", class: "input", inputmode: "decimal", autocomplete: "off", "aria-label": "Amount charged" });
  const reference = h("input", { id: "card-reference", class: "input", autocomplete: "off", "aria-label": "Terminal reference" });
  const last4 = h("input", { id: "card-last4", class: "input", inputmode: "numeric", maxlength: "4", autocomplete: "off", "aria-label": "Last four digits" });
  const auth = h("input", { id: "card-auth", class: "input", autocomplete: "off", "aria-label": "Auth code" });
  const approved = h("button", { id: "card-approved", type: "button", class: "button button-primary" }, "Approved");
  const declined = h("button", { id: "card-declined", type: "button", class: "button button-secondary" }, "Declined");
  const cancel = h("button", { id: "card-cancel", type: "button", class: "button button-quiet" }, "Cancel");
  const problem = h("p", { id: "card-problem", class: "message", role: "alert" });
  const element = h(
    "div",
    { id: "card-form", class: "card-form", hidden: true },
    h("label", { class: "field" }, "Amount", amount),
    h("label", { class: "field" }, "Terminal reference", reference),
    h("label", { class: "field" }, "Last 4 digits", last4),
    h("label", { class: "field" }, "Auth code", auth),
    h("div", { class: "actions" }, approved, declined, cancel),
    problem,
  );
  async function send(isApproved: boolean): Promise<void> {
    if (!like) return;
    const minor = parseAmount(amount.value, exponentOf(like));
    if (minor === null || minor === 0) {
      problem.textContent = "Type the amount the terminal charged.";
      focusElement(amount, true);
      return;
    }
    approved.disabled = declined.disabled = true;
    const view = await payCard({
      approved: isApproved,
      amount_minor: minor,
      terminal_reference: reference.value,
      last4: last4.value,
      auth_code: auth.value,
    });
    approved.disabled = declined.disabled = false;
    if (view) paid(view);
  }
  approved.addEventListener("click", () => void send(true));
  declined.addEventListener("click", () => void send(false));
  cancel.addEventListener("click", () => cancelled());
  element.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") {
      ev.preventDefault();
      cancelled();
    }
  });
  return {
    element,
    show(due) {
      like = due;
      amount.value = amountText(due.minor, due);
      reference.value = last4.value = auth.value = "";
      problem.textContent = "";
      element.hidden = false;
      focusElement(reference);
    },
    hide() {
      element.hidden = true;
    },
    isHidden: () => element.hidden,
  };
}

/** The receipt in a dialog: the printable page, Print, Save as PDF, the email text. */
function openReceipt(view: ReceiptView, savePdf: () => Promise<string | null>, onClose: () => void): void {
  const frame = h("iframe", { id: "receipt-frame", class: "receipt-frame", title: `Receipt ${view.reference}` });
  frame.srcdoc = view.html;
  const print = h("button", { id: "receipt-print", type: "button", class: "button button-primary" }, "Print");
  const pdf = h("button", { id: "receipt-pdf", type: "button", class: "button button-secondary" }, "Save as PDF");
  const close = h("button", { id: "receipt-close", type: "button", class: "button button-quiet" }, "Close (Esc)");
  const saved = h("p", { id: "receipt-saved", role: "status" });
  const text = h("pre", { id: "receipt-text", class: "receipt-text" }, view.text);
  const panel = h(
    "section",
    {
      id: "receipt",
      class: "panel receipt-panel",
      role: "dialog",
      "aria-modal": "true",
      "aria-labelledby": "receipt-title",
      "data-reference": view.reference,
      "data-qr": view.qr_text ?? "",
    },
    h("h2", { id: "receipt-title", class: "panel-title" }, `Receipt ${view.reference}`),
    view.qr_problem ? h("p", { id: "receipt-qr-problem", class: "message" }, view.qr_problem) : null,
    frame,
    h("div", { class: "actions" }, print, pdf, close),
    saved,
    h("details", {}, h("summary", {}, "Email text"), text),
  );
  print.addEventListener("click", () => frame.contentWindow?.print());
  pdf.addEventListener("click", async () => {
    const path = await savePdf();
    saved.textContent = path ? `Saved: ${path}` : "";
  });
  openDialog(document.body, "receipt-overlay", panel, close, onClose);
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
