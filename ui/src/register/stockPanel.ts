/**
 * Stock here and in other stores for one product, as a modal panel opened
 * from a search hit's "Stock" button. This store's on-hand is always shown
 * (the device knows it offline); the others come from the hub, or are shown
 * as unknown with since when the device is offline. With a customer open,
 * "Order for <customer>" opens the endless-aisle form: ship to an address
 * typed here, or pickup at another store. The order is kept on the device
 * and sent when online.
 */
import type {
  AisleOrderView,
  CustomerCardView,
  FulfilmentInput,
  OrderElsewhereInput,
  Problem,
  StockByStoreView,
  StoreStockView,
} from "../bindings";
import type { Result } from "../ipc";
import { focusElement, h, openDialog } from "../dom";

export type StockPanelDeps = {
  /** Where the panel is added (it is removed again on close). */
  host: HTMLElement;
  productId: string;
  /** The customer open on the Register, if any: only they can be ordered for. */
  customer: CustomerCardView | null;
  load(productId: string): Promise<Result<StockByStoreView, Problem>>;
  order(input: OrderElsewhereInput): Promise<Result<AisleOrderView, Problem>>;
  onClose(): void;
};

export type StockPanel = { element: HTMLElement; close(): void };

export function openStockPanel(deps: StockPanelDeps): StockPanel {
  const closeButton = h("button", { id: "stock-close", class: "button button-quiet", type: "button" }, "Close");
  const title = h("h2", { id: "stock-title", class: "panel-title" }, "Stock");
  const body = h("div", { id: "stock-body", class: "stock-body", "aria-live": "polite" }, h("p", { class: "conflicts-note" }, "Looking up stock…"));
  const panel = h(
    "section",
    { id: "stock-panel", class: "dialog-panel stock-panel", role: "dialog", "aria-modal": "true", "aria-labelledby": "stock-title" },
    h("div", { class: "panel-head" }, title, closeButton),
    body,
  );
  async function load(): Promise<void> {
    panel.setAttribute("aria-busy", "true");
    const result = await deps.load(deps.productId);
    if (dialog.isClosed()) return;
    panel.removeAttribute("aria-busy");
    if (result.status === "error") {
      body.replaceChildren(problemText("stock-error", result.error));
      return;
    }
    const view = result.data;
    title.textContent = `Stock — ${view.product_name}`;
    body.replaceChildren(stockTable(view), ...othersNote(view), ...orderPart(view, deps));
  }

  const dialog = openDialog(deps.host, "stock-overlay", panel, closeButton, deps.onClose);
  void load();
  return { element: dialog.element, close: dialog.close };
}

function problemText(id: string, p: Problem): HTMLElement {
  return h("p", { id, class: "conflicts-error", role: "alert", "data-code": p.code }, p.message);
}

function onHandText(s: StoreStockView): string {
  if (s.on_hand === null) return "unknown";
  if (s.sells === false && s.on_hand <= 0) return "not sold there";
  return String(s.on_hand);
}

function stockTable(view: StockByStoreView): HTMLElement {
  return h(
    "table",
    { id: "stock-stores", class: "stock-stores", "data-others": view.others },
    h("caption", { class: "visually-hidden" }, "On hand by store"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Store"), h("th", { scope: "col" }, "City"), h("th", { scope: "col", class: "num" }, "On hand"))),
    h(
      "tbody",
      {},
      ...view.stores.map((s) =>
        h(
          "tr",
          { class: s.here ? "stock-row stock-here" : "stock-row", "data-store-id": s.store_id, "data-here": s.here ? "true" : "false" },
          h("td", {}, s.here ? `${s.name} (${s.code}) — this store` : `${s.name} (${s.code})`),
          h("td", {}, s.city),
          h("td", { class: "num stock-on-hand" }, onHandText(s)),
        ),
      ),
    ),
  );
}

function othersNote(view: StockByStoreView): HTMLElement[] {
  if (view.others === "live" || !view.others_note) return [];
  return [h("p", { id: "stock-others-note", class: "stock-note", "data-state": view.others }, view.others_note)];
}

function orderPart(view: StockByStoreView, deps: StockPanelDeps): HTMLElement[] {
  const customer = deps.customer;
  if (!customer) {
    return [h("p", { id: "stock-order-hint", class: "stock-note" }, "Open a customer to order this for them (delivery or pickup at another store).")];
  }
  const start = h("button", { id: "stock-order", type: "button", class: "button button-primary stock-order" }, `Order for ${customer.name}`);
  const slot = h("div", { class: "stock-order-slot" }, start);
  start.addEventListener("click", () => {
    const form = orderForm(view, customer, deps);
    slot.replaceChildren(form);
    focusElement(form.querySelector<HTMLElement>("#order-quantity")!);
  });
  return [slot];
}

function field(id: string, label: string, input: HTMLElement): HTMLElement {
  return h("div", { class: "field order-field" }, h("label", { for: id, class: "field-label" }, label), input);
}

function textInput(id: string, value = "", extra: Record<string, string> = {}): HTMLInputElement {
  return h("input", { id, class: "order-input", type: "text", value, autocomplete: "off", ...extra });
}

function orderForm(view: StockByStoreView, customer: CustomerCardView, deps: StockPanelDeps): HTMLFormElement {
  const quantity = h("input", { id: "order-quantity", class: "order-input", type: "number", min: 1, max: 999, value: "1", inputmode: "numeric" });
  const ship = h("input", { id: "order-ship", type: "radio", name: "order-fulfilment", value: "ship", checked: true });
  const pickup = h("input", { id: "order-pickup", type: "radio", name: "order-fulfilment", value: "pickup" });
  const others = view.stores.filter((s) => !s.here);
  const store = h(
    "select",
    { id: "order-pickup-store", class: "order-input" },
    ...others.map((s) => h("option", { value: s.store_id }, `${s.name} (${s.code}) · ${onHandText(s)} on hand`)),
  );
  const address = {
    name: textInput("order-name", customer.name),
    street: textInput("order-street"),
    postcode: textInput("order-postcode"),
    city: textInput("order-city"),
    country: textInput("order-country", "", { maxlength: "2", placeholder: "DE" }),
  };
  const shipPart = h(
    "fieldset",
    { id: "order-address", class: "order-address" },
    h("legend", {}, "Deliver to"),
    field("order-name", "Name", address.name),
    field("order-street", "Street and number", address.street),
    field("order-postcode", "Postcode", address.postcode),
    field("order-city", "City", address.city),
    field("order-country", "Country (two letters)", address.country),
  );
  const pickupPart = h("div", { id: "order-pickup-part", hidden: true }, field("order-pickup-store", "Pickup store", store));
  const error = h("p", { id: "order-error", class: "conflicts-error", role: "alert", hidden: true });
  const submit = h("button", { id: "order-submit", type: "submit", class: "button button-primary" }, "Place order");
  const form = h(
    "form",
    { id: "order-elsewhere-form", class: "order-form", "data-customer-id": customer.customer_id, novalidate: true },
    field("order-quantity", "Quantity", quantity),
    h(
      "fieldset",
      { class: "order-kind" },
      h("legend", {}, "How the customer gets it"),
      h("label", { class: "order-choice" }, ship, " Delivery to an address"),
      h("label", { class: "order-choice" }, pickup, others.length > 0 ? " Pickup at another store" : " Pickup (no other store known)"),
    ),
    shipPart,
    pickupPart,
    error,
    submit,
  );
  pickup.disabled = others.length === 0;
  const toggle = (): void => {
    shipPart.hidden = !ship.checked;
    pickupPart.hidden = !pickup.checked;
  };
  ship.addEventListener("change", toggle);
  pickup.addEventListener("change", toggle);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (submit.disabled) return;
    const fulfilment: FulfilmentInput = pickup.checked
      ? { kind: "pickup", store_id: store.value }
      : {
          kind: "ship",
          address: {
            name: address.name.value,
            street: address.street.value,
            postcode: address.postcode.value,
            city: address.city.value,
            country: address.country.value,
          },
        };
    const input: OrderElsewhereInput = {
      product_id: view.product_id,
      quantity: Number.parseInt(quantity.value, 10) || 0,
      customer_id: customer.customer_id,
      fulfilment,
    };
    submit.disabled = true;
    const result = await deps.order(input);
    submit.disabled = false;
    if (result.status === "error") {
      error.textContent = result.error.message;
      error.dataset.code = result.error.code;
      error.hidden = false;
      return;
    }
    const done = h(
      "div",
      { id: "order-done", class: "order-done", role: "status", "data-order-id": result.data.order_id, "data-state": result.data.state },
      h("p", { class: "order-done-note" }, result.data.note),
      h("p", { class: "order-done-what" }, `${result.data.quantity} × ${result.data.product_name} · ${result.data.destination}`),
    );
    form.replaceWith(done);
    focusElement(document.querySelector<HTMLElement>("#stock-close") ?? done);
  });
  return form;
}
