import type {
  CustomerCardView,
  LineView,
  OnlineCartView,
  Problem,
  ProfileView,
  QrCodeView,
  RecommendationView,
  ScanOutcome,
} from "../bindings";
import { h } from "../dom";
import type { Result } from "../ipc";
import { renderProfile, renderSuggestions, type ProfileActions } from "./profile";

/**
 * What a genuine Shopfloor code opened on the Register (a pickup goes to the
 * Pickups view instead, a receipt to the Returns view).
 */
export type OpenedOutcome = Extract<ScanOutcome, { kind: "customer" | "online_cart" }>;

export type OpenedPanel = {
  element: HTMLElement;
  show(outcome: OpenedOutcome): void;
  close(): void;
  isOpen(): boolean;
  /** Show the open customer's card QR at once (just enrolled), or why it cannot be drawn. */
  showCardQr(code: QrCodeView | null, why: string | null): void;
  /** The customer the panel shows, if it shows one. */
  customer(): CustomerCardView | null;
};

/**
 * The panel that shows what a scanned code named: a customer's loyalty card
 * or a handed-off cart. It closes with its button or
 * Escape, and focus then goes back to the scan box (`onClose`).
 */
export type OpenedActions = ProfileActions & {
  /** Sign and draw a customer's loyalty card QR on this device. */
  loyaltyCardQr(accountId: string): Promise<Result<QrCodeView, Problem>>;
  /** The customer's whole profile from this device's replica. */
  customerProfile(customerId: string): Promise<Result<ProfileView, Problem>>;
  /** What to suggest to the customer (read after the profile shows). */
  customerSuggestions(customerId: string): Promise<Result<RecommendationView[], Problem>>;
};

export function createOpenedPanel(onClose: () => void, actions: OpenedActions): OpenedPanel {
  const body = h("div", { class: "opened-body" });
  const title = h("h2", { id: "opened-title", class: "panel-title" });
  const closeButton = h("button", { id: "opened-close", type: "button", class: "button button-quiet" }, "Close (Esc)");
  const element = h(
    "section",
    { id: "opened", class: "panel opened-panel", "aria-labelledby": "opened-title", hidden: true, tabindex: -1 },
    h("div", { class: "panel-head" }, title, closeButton),
    body,
  );

  /** Which show() is current: a profile answering late for an earlier customer is dropped. */
  let shown = 0;

  async function loadProfile(customerId: string, into: HTMLElement): Promise<void> {
    const mine = ++shown;
    into.replaceChildren(h("p", { class: "profile-loading" }, "Loading the profile…"));
    const result = await actions.customerProfile(customerId);
    if (mine !== shown) return;
    if (result.status === "error") {
      into.replaceChildren(h("p", { class: "message has-message", role: "alert", "data-code": result.error.code }, result.error.message));
      return;
    }
    const profile = renderProfile(result.data, actions);
    into.replaceChildren(profile);
    const suggested = await actions.customerSuggestions(customerId);
    if (mine !== shown) return;
    // Suggestions are a help, not the job: if they cannot be read, the profile stands without them.
    const list = suggested.status === "ok" ? renderSuggestions(suggested.data, actions) : null;
    if (list) profile.append(list);
  }

  let customer: CustomerCardView | null = null;

  function close(): void {
    shown++;
    customer = null;
    if (element.hidden) return;
    element.hidden = true;
    delete element.dataset.kind;
    body.replaceChildren();
    onClose();
  }
  closeButton.addEventListener("click", close);
  element.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") {
      ev.preventDefault();
      close();
    }
  });

  return {
    element,
    show(outcome) {
      element.dataset.kind = outcome.kind;
      customer = outcome.kind === "customer" ? outcome.customer : null;
      if (outcome.kind === "customer") {
        title.textContent = "Customer";
        const profile = h("div", { class: "profile-area", "aria-live": "polite" });
        body.replaceChildren(customerCard(outcome.customer, actions), profile);
        void loadProfile(outcome.customer.customer_id, profile);
      } else {
        shown++;
        title.textContent = "Handed-off cart";
        body.replaceChildren(handedOffCart(outcome.cart));
      }
      element.hidden = false;
    },
    close,
    isOpen: () => !element.hidden,
    showCardQr(code, why) {
      const area = element.querySelector<HTMLElement>("#card-qr-area");
      const name = element.querySelector(".customer-name")?.textContent ?? "the customer";
      if (!area) return;
      area.replaceChildren(
        ...(code ? cardQr(name, code) : [h("p", { class: "message has-message", role: "status" }, why ?? "The card's code cannot be drawn here.")]),
      );
    },
    customer: () => (element.hidden ? null : customer),
  };
}

function customerCard(c: CustomerCardView, actions: OpenedActions): HTMLElement {
  const card = c.loyalty;
  const facts = h(
    "dl",
    { class: "facts" },
    h("dt", {}, "Email"),
    h("dd", { class: "customer-email" }, c.email ?? "None given"),
    h("dt", {}, "Phone"),
    h("dd", { class: "customer-phone" }, c.phone ?? "None given"),
    h("dt", {}, "Loyalty number"),
    h("dd", { class: "customer-loyalty-number" }, card?.number ?? "No loyalty card"),
    ...(card
      ? [h("dt", {}, "Tier"), h("dd", { class: "customer-tier" }, card.tier), h("dt", {}, "Points"), h("dd", { class: "customer-points" }, String(card.points))]
      : []),
  );
  const root = h("div", { id: "customer-card", class: "customer-card", "data-customer-id": c.customer_id }, h("p", { class: "customer-name" }, c.name), facts);
  if (card) root.append(...loyaltyQr(c.name, card.account_id, actions));
  return root;
}

/** The button that draws the customer's loyalty card QR, and where it goes. */
function loyaltyQr(name: string, accountId: string, actions: OpenedActions): HTMLElement[] {
  const show = h("button", { id: "show-card-qr", type: "button", class: "button button-primary" }, "Show loyalty card QR");
  const qr = h("div", { id: "card-qr-area", class: "card-qr-area", "aria-live": "polite" });
  show.addEventListener("click", async () => {
    show.disabled = true;
    const result = await actions.loyaltyCardQr(accountId);
    show.disabled = false;
    if (result.status === "error") {
      qr.replaceChildren(h("p", { class: "message has-message", role: "alert", "data-code": result.error.code }, result.error.message));
      return;
    }
    qr.replaceChildren(...cardQr(name, result.data));
  });
  return [show, qr];
}

/** A drawn loyalty card QR and what the customer does with it. */
function cardQr(name: string, code: QrCodeView): HTMLElement[] {
  const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(code.svg)}`;
  return [
    h("img", { id: "card-qr", src, alt: `Loyalty card QR code of ${name}`, width: 240, height: 240, "data-text": code.text }),
    h("p", { class: "card-qr-hint" }, "The customer can scan or photograph this code to add the card to their phone."),
  ];
}

function handedOffCart(c: OnlineCartView): HTMLElement {
  return h(
    "div",
    { id: "online-cart-view", class: "online-cart-view", "data-cart-id": c.cart_id },
    h("p", {}, `${c.customer_name} · ${c.channel} cart · ${c.status}`),
    lines(c.lines, c.total.display),
  );
}

function lines(items: LineView[], total: string): HTMLElement {
  return h(
    "table",
    { class: "opened-lines" },
    h("caption", { class: "visually-hidden" }, "Lines"),
    h(
      "tbody",
      {},
      ...items.map((l) =>
        h(
          "tr",
          { class: "opened-line", "data-product-id": l.product_id },
          h("td", {}, l.name),
          h("td", { class: "num" }, `× ${l.quantity}`),
          h("td", { class: "num" }, l.unit_price.display),
        ),
      ),
    ),
    h("tfoot", {}, h("tr", {}, h("th", { scope: "row", colspan: 2 }, "Total"), h("td", { class: "num opened-total" }, total))),
  );
}
