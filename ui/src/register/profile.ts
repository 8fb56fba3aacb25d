import type { HistoryOrderView, ProfileCartView, ProfileView, RecommendationView, WishView } from "../bindings";
import { h } from "../dom";
import { clockText, stockText } from "../format";
import { createDetails, type DetailsActions } from "./customerDetails";

/** What the profile's buttons do; each resolves true when it worked. */
export type ProfileActions = DetailsActions & {
  /** Make the sale for this customer. */
  sellTo(customerId: string): Promise<boolean>;
  /** Bring these lines of the online cart into the sale (empty: all); resolves to the notes, or null on failure. */
  addOnlineCart(cartId: string, lineNos: number[]): Promise<string[] | null>;
  /** Add one unit of a suggested product to the sale. */
  addProduct(productId: string): Promise<boolean>;
  /** Take items of this purchase back (or exchange them): the Returns view opens it. */
  startReturn(orderId: string, number: string): void;
};

/**
 * The customer's profile under their card: contact preferences and sizes,
 * the live online cart (chosen lines go into the sale at this store's
 * prices), the purchase history of every channel, and suggestions with
 * their reason. Every action is a real button, reachable by Tab.
 */
export function renderProfile(p: ProfileView, actions: ProfileActions): HTMLElement {
  const sell = h("button", { id: "sell-to-customer", type: "button", class: "button button-primary" }, "Sell to this customer");
  sell.addEventListener("click", async () => {
    sell.disabled = true;
    const ok = await actions.sellTo(p.customer.customer_id);
    sell.disabled = false;
    if (ok) sell.textContent = "Sale is for this customer";
  });
  return h(
    "div",
    { id: "customer-profile", class: "customer-profile", "data-customer-id": p.customer.customer_id },
    sell,
    createDetails(p.details, p.customer_since, actions),
    ...p.online_carts.map((cart) => onlineCart(cart, actions)),
    wishlist(p.wishlist, actions),
    history(p.orders, p.order_count, actions),
  );
}

function onlineCart(cart: ProfileCartView, actions: ProfileActions): HTMLElement {
  const notes = h("p", { class: "online-cart-notes", "aria-live": "polite" });
  const rows = cart.lines.map((l) => {
    const sellable = l.store_unit_price !== null;
    const pick = h("input", {
      type: "checkbox",
      class: "online-line-pick",
      "data-line-no": l.line_no,
      checked: sellable,
      disabled: !sellable,
      "aria-label": `Take ${l.name}`,
    });
    return h(
      "tr",
      { class: "online-line", "data-product-id": l.product_id, "data-sellable": String(sellable) },
      h("td", {}, pick),
      h("td", { class: "online-line-name" }, `${l.quantity} × ${l.name}`),
      h("td", { class: "num" }, l.store_unit_price?.display ?? "Not sold here"),
      h("td", { class: "online-line-stock" }, sellable ? stockText(l.on_hand) : ""),
    );
  });
  const add = h("button", { type: "button", class: "button button-primary online-cart-add" }, "Add chosen lines to the sale");
  add.disabled = !cart.lines.some((l) => l.store_unit_price !== null);
  const section = h(
    "section",
    { class: "online-cart", "data-cart-id": cart.cart_id, "aria-label": `${cart.channel} cart` },
    h("h3", { class: "profile-heading" }, `${cart.channel === "app" ? "App" : "Web"} cart · ${clockText(cart.updated_at)}`),
    h("table", { class: "opened-lines" }, h("tbody", {}, ...rows)),
    add,
    notes,
  );
  add.addEventListener("click", async () => {
    const chosen = Array.from(section.querySelectorAll<HTMLInputElement>("input.online-line-pick"))
      .filter((box) => box.checked && !box.disabled)
      .map((box) => Number(box.dataset.lineNo));
    if (chosen.length === 0) {
      notes.textContent = "Tick the lines to take first.";
      return;
    }
    add.disabled = true;
    const result = await actions.addOnlineCart(cart.cart_id, chosen);
    add.disabled = false;
    if (result !== null) notes.textContent = result.length > 0 ? `Added. ${result.join(" ")}` : "Added to the sale.";
  });
  return section;
}

function wishlist(items: WishView[], actions: ProfileActions): HTMLElement | null {
  if (items.length === 0) return null;
  const rows = items.map((w) => {
    const add = h("button", { type: "button", class: "button button-secondary wish-add", "aria-label": `Add ${w.name}`, disabled: w.price === null }, "Add");
    add.addEventListener("click", async () => {
      add.disabled = true;
      await actions.addProduct(w.product_id);
      add.disabled = false;
    });
    const here = w.price ? `${w.price.display} · ${stockText(w.on_hand)}` : "Not sold here";
    return h(
      "li",
      { class: "wish", "data-product-id": w.product_id },
      h("span", { class: "suggestion-name" }, `${w.name} · ${here}`),
      h("span", { class: "suggestion-reason" }, `On the wishlist since ${w.added_on}`),
      add,
    );
  });
  return h(
    "section",
    { id: "profile-wishlist", "aria-label": "Wishlist" },
    h("h3", { class: "profile-heading" }, "Wishlist"),
    h("ul", { class: "suggestion-list" }, ...rows),
  );
}

function history(orders: HistoryOrderView[], count: number, actions: ProfileActions): HTMLElement {
  const heading = count > orders.length ? `Purchases (newest ${orders.length} of ${count})` : `Purchases (${count})`;
  const items = orders.map((o) =>
    h(
      "li",
      { class: o.pending ? "history-order is-pending" : "history-order", "data-order-id": o.order_id, "data-channel": o.channel },
      h(
        "span",
        { class: "history-head" },
        `${o.number ?? "New order"} · ${o.where_text} · ${o.status} · ${clockText(o.placed_at)} · ${o.total?.display ?? "priced online"}`,
      ),
      h("span", { class: "history-lines" }, o.lines.map((l) => `${l.quantity} × ${l.name}`).join(", ")),
      returnButton(o, actions),
    ),
  );
  return h(
    "section",
    { id: "profile-history", "aria-label": "Purchases" },
    h("h3", { class: "profile-heading" }, heading),
    items.length > 0 ? h("ol", { class: "history-list" }, ...items) : h("p", {}, "No purchases yet."),
  );
}

/** "Return or exchange" on a purchase that can come back (not a cancelled or unpriced order). */
function returnButton(o: HistoryOrderView, actions: ProfileActions): HTMLElement | null {
  if (o.status === "cancelled" || o.total === null) return null;
  const number = o.number ?? o.order_id;
  const button = h(
    "button",
    { type: "button", class: "button button-secondary history-return", "aria-label": `Return or exchange items of ${number}` },
    "Return or exchange",
  );
  button.addEventListener("click", () => actions.startReturn(o.order_id, number));
  return button;
}

/** Suggestions, each with why and an Add button; null when there are none. */
export function renderSuggestions(list: RecommendationView[], actions: ProfileActions): HTMLElement | null {
  if (list.length === 0) return null;
  const items = list.map((r) => {
    const add = h("button", { type: "button", class: "button button-secondary suggestion-add", "aria-label": `Add ${r.name}` }, "Add");
    add.addEventListener("click", async () => {
      add.disabled = true;
      await actions.addProduct(r.product_id);
      add.disabled = false;
    });
    return h(
      "li",
      { class: "suggestion", "data-product-id": r.product_id },
      h("span", { class: "suggestion-name" }, `${r.name} · ${r.price.display} · ${stockText(r.on_hand)}`),
      h("span", { class: "suggestion-reason" }, r.reason),
      add,
    );
  });
  return h(
    "section",
    { id: "profile-suggestions", "aria-label": "Suggestions" },
    h("h3", { class: "profile-heading" }, "Suggestions"),
    h("ul", { class: "suggestion-list" }, ...items),
  );
}
