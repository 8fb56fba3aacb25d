import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { startApp, type AppHandle } from "../src/app";
import type { StockByStoreView, StoreStockView } from "../src/bindings";
import { FakeBackend } from "./fakeBackend";
import { $, $$, freshRoot, isShown, press, text, type } from "./page";

let backend: FakeBackend;
let app: AppHandle | null = null;
let root: HTMLElement;

function store(code: string, onHand: number | null, here = false): StoreStockView {
  return { store_id: `id-${code}`, code, name: `Store ${code}`, city: "Berlin", on_hand: onHand, sells: onHand === null ? null : true, here };
}

function stockView(changes: Partial<StockByStoreView> = {}): StockByStoreView {
  return {
    product_id: "p-coffee",
    product_name: "Coffee Beans 1kg",
    stores: [store("BER01", 0, true), store("BER02", 7), store("HAM01", 2)],
    others: "live",
    others_note: null,
    offline_since: null,
    ...changes,
  };
}

const OFFLINE = stockView({
  stores: [store("BER01", 0, true), store("BER02", null), store("HAM01", null)],
  others: "unknown",
  others_note: "Other stores unknown: the hub cannot be reached (offline since 2025-01-01 09:40 UTC).",
  offline_since: "2025-01-01T09:40:00Z",
});

async function start(configure?: (b: FakeBackend) => void): Promise<void> {
  configure?.(backend);
  app = startApp(root, { statusPollMs: 0, pickupPollMs: 0, searchDebounceMs: 10, highlightMs: 50 });
  await app.ready;
}


async function searchFor(query: string): Promise<void> {
  type($<HTMLInputElement>("#product-search"), query);
  await vi.waitFor(() => expect($$("#search-results .hit-stock-button").length).toBeGreaterThan(0));
}

async function openStock(productId = "p-coffee"): Promise<void> {
  $<HTMLButtonElement>(`.hit-stock-button[data-product-id="${productId}"]`).click();
  await vi.waitFor(() => expect($$("#stock-stores tr.stock-row").length).toBeGreaterThan(0));
}

async function openCustomer(): Promise<void> {
  type($<HTMLInputElement>("#customer-search"), "ada");
  await vi.waitFor(() => expect($$("#customer-results .customer-hit")).toHaveLength(1));
  $<HTMLButtonElement>('.customer-hit[data-customer-id="c1"]').click();
  expect($("#opened").dataset.kind).toBe("customer");
}

function lastCall(): { cmd: string; args: Record<string, unknown> } | undefined {
  return backend.calls[backend.calls.length - 1];
}

beforeEach(() => {
  root = freshRoot();
  backend = new FakeBackend().install();
  backend.customers = [{ customer_id: "c1", name: "Ada Lovelace", email: null, phone: null, loyalty: null }];
});

afterEach(() => {
  app?.destroy();
  app = null;
  clearMocks();
});

describe("stock here and in other stores", () => {
  it("each hit has a Stock button, reached by keyboard, that lists every store and says when others are unknown", async () => {
    await start((b) => (b.stock = OFFLINE));
    await searchFor("coffee");
    const hit = $<HTMLButtonElement>('button.search-hit[data-product-id="p-coffee"]');
    const stockButton = $<HTMLButtonElement>('.hit-stock-button[data-product-id="p-coffee"]');
    expect(stockButton.textContent).toBe("Stock");
    hit.focus();
    press(hit, "ArrowRight");
    expect(document.activeElement).toBe(stockButton);
    press(stockButton, "ArrowLeft");
    expect(document.activeElement).toBe(hit);
    press(hit, "ArrowRight");

    await openStock();
    expect(lastCall()).toEqual({ cmd: "stock_by_store", args: { productId: "p-coffee" } });
    expect(isShown($("#stock-panel"))).toBe(true);
    expect(document.activeElement).toBe($("#stock-close"));
    expect(text("#stock-title")).toBe("Stock — Coffee Beans 1kg");
    const rows = $$("#stock-stores tr.stock-row").map((r) => [r.dataset.here, r.querySelector(".stock-on-hand")?.textContent]);
    expect(rows).toEqual([
      ["true", "0"],
      ["false", "unknown"],
      ["false", "unknown"],
    ]);
    expect(text("#stock-others-note")).toBe("Other stores unknown: the hub cannot be reached (offline since 2025-01-01 09:40 UTC).");
    expect($("#stock-others-note").dataset.state).toBe("unknown");
    // No customer is open: nothing to order for.
    expect(text("#stock-order-hint")).toContain("Open a customer");
    expect(document.querySelector("#stock-order")).toBeNull();

    press($("#stock-close"), "Escape");
    expect(document.querySelector("#stock-panel")).toBeNull();
    expect(document.activeElement).toBe(stockButton);
  });

  it("shows the hub's stock of every store when online", async () => {
    await start((b) => (b.stock = stockView()));
    await searchFor("coffee");
    await openStock();
    expect($$("#stock-stores .stock-on-hand").map((c) => c.textContent)).toEqual(["0", "7", "2"]);
    expect(document.querySelector("#stock-others-note")).toBeNull();
    expect($("#stock-stores").dataset.others).toBe("live");
  });
});

describe("ordering elsewhere for the open customer", () => {
  it("ships to an address typed at the counter; a refusal is shown and the order goes through once corrected", async () => {
    await start((b) => {
      b.stock = OFFLINE;
      b.orderCheck = (order) => {
        const f = order.fulfilment as { kind: string; address?: { street: string } };
        return f.kind === "ship" && !f.address?.street.trim() ? { code: "invalid_input", message: "Enter the delivery street." } : null;
      };
    });
    await openCustomer();
    await searchFor("coffee");
    await openStock();
    const order = $<HTMLButtonElement>("#stock-order");
    expect(order.textContent).toBe("Order for Ada Lovelace");
    order.click();
    expect(document.activeElement).toBe($("#order-quantity"));
    expect($<HTMLInputElement>("#order-ship").checked).toBe(true);
    expect($<HTMLInputElement>("#order-name").value).toBe("Ada Lovelace");
    expect(isShown($("#order-pickup-store"))).toBe(false);

    $<HTMLInputElement>("#order-quantity").value = "2";
    $<HTMLInputElement>("#order-postcode").value = "10115";
    $<HTMLInputElement>("#order-city").value = "Berlin";
    $<HTMLInputElement>("#order-country").value = "DE";
    $<HTMLButtonElement>("#order-submit").click();
    await vi.waitFor(() => expect(isShown($("#order-error"))).toBe(true));
    expect(text("#order-error")).toBe("Enter the delivery street.");
    expect($("#order-error").dataset.code).toBe("invalid_input");
    expect(backend.aisleOrders).toHaveLength(0);

    $<HTMLInputElement>("#order-street").value = "Hauptstraße 5";
    $<HTMLButtonElement>("#order-submit").click();
    await vi.waitFor(() => expect(document.querySelector("#order-done")).not.toBeNull());
    expect(lastCall()).toEqual({
      cmd: "order_elsewhere",
      args: {
        order: {
          product_id: "p-coffee",
          quantity: 2,
          customer_id: "c1",
          fulfilment: {
            kind: "ship",
            address: { name: "Ada Lovelace", street: "Hauptstraße 5", postcode: "10115", city: "Berlin", country: "DE" },
          },
        },
      },
    });
    expect(text("#order-done .order-done-note")).toBe("Ordered — sent to the hub when online.");
    expect($("#order-done").dataset.state).toBe("waiting");
    expect(document.querySelector("#order-elsewhere-form")).toBeNull();
    expect(backend.aisleOrders).toHaveLength(1);
  });

  it("picks up at another store chosen from the list", async () => {
    await start((b) => (b.stock = stockView()));
    await openCustomer();
    await searchFor("coffee");
    await openStock();
    $<HTMLButtonElement>("#stock-order").click();
    const pickup = $<HTMLInputElement>("#order-pickup");
    pickup.checked = true;
    pickup.dispatchEvent(new Event("change", { bubbles: true }));
    expect(isShown($("#order-pickup-store"))).toBe(true);
    expect(isShown($("#order-address"))).toBe(false);
    const choice = $<HTMLSelectElement>("#order-pickup-store");
    expect(Array.from(choice.options).map((o) => o.textContent)).toEqual(["Store BER02 (BER02) · 7 on hand", "Store HAM01 (HAM01) · 2 on hand"]);
    choice.value = "id-HAM01";
    $<HTMLButtonElement>("#order-submit").click();
    await vi.waitFor(() => expect(document.querySelector("#order-done")).not.toBeNull());
    expect(lastCall()?.args).toEqual({
      order: { product_id: "p-coffee", quantity: 1, customer_id: "c1", fulfilment: { kind: "pickup", store_id: "id-HAM01" } },
    });
    expect(text("#order-done .order-done-what")).toBe("1 × Coffee Beans 1kg · Pickup at id-HAM01");
  });
});
