import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { startApp, type AppHandle } from "../src/app";
import type { ProfileView, RecommendationView } from "../src/bindings";
import { exponentOf, parseAmount } from "../src/register/checkout";
import { parsePairs } from "../src/register/customerDetails";
import { FakeBackend, money, returnOrder } from "./fakeBackend";
import { $, $$, freshRoot, press } from "./page";

let backend: FakeBackend;
let app: AppHandle | null = null;

const ADA: ProfileView = {
  customer: {
    customer_id: "c1",
    name: "Ada Lovelace",
    email: "ada@example.org",
    phone: null,
    loyalty: { account_id: "a1", number: "100000000017", tier: "gold", points: 420 },
  },
  customer_since: "2025-03-04",
  details: {
    customer_id: "c1",
    email: "ada@example.org",
    phone: null,
    consent_email: true,
    consent_sms: false,
    sizes: { shoe: "39" },
    preferences: {},
    pending_fields: [],
    notes: [{ id: "n1", text: "Prefers the navy one.", author: "Berlin Mitte (BER01)", written_at: "2026-10-01T09:00:00Z", pending: false }],
  },
  online_carts: [
    {
      cart_id: "k1",
      channel: "web",
      updated_at: "2026-11-01T06:00:00Z",
      lines: [
        { line_no: 1, product_id: "p-coffee", name: "Coffee Beans 1kg", quantity: 2, online_unit_price: money(1350), store_unit_price: money(1250), on_hand: 12 },
        { line_no: 2, product_id: "p-scarf", name: "Wool Scarf", quantity: 1, online_unit_price: money(2500), store_unit_price: null, on_hand: 0 },
        { line_no: 3, product_id: "p-mug", name: "Coffee Mug", quantity: 1, online_unit_price: money(800), store_unit_price: money(800), on_hand: 3 },
      ],
    },
  ],
  orders: [
    {
      order_id: "o2",
      number: null,
      channel: "store",
      where_text: "store BER01",
      status: "waiting to sync",
      placed_at: "2026-11-01T07:00:00Z",
      total: money(800),
      pending: true,
      lines: [{ product_id: "p-mug", name: "Coffee Mug", quantity: 1, unit_price: money(800) }],
    },
    {
      order_id: "o1",
      number: "W-00000001",
      channel: "web",
      where_text: "web, for delivery",
      status: "delivered",
      placed_at: "2026-10-01T07:00:00Z",
      total: money(1350),
      pending: false,
      lines: [{ product_id: "p-coffee", name: "Coffee Beans 1kg", quantity: 1, unit_price: money(1350) }],
    },
  ],
  order_count: 25,
  restricted: false,
  wishlist: [
    { product_id: "p-mug", name: "Coffee Mug", added_on: "2026-10-20", price: money(800), on_hand: 3 },
    { product_id: "p-scarf", name: "Wool Scarf", added_on: "2026-10-02", price: null, on_hand: 0 },
  ],
};

const ADA_SUGGESTIONS: RecommendationView[] = [
  { product_id: "p-bag", name: "Tote Bag", price: money(150), on_hand: 40, reason: "Bought with Coffee Beans 1kg in 3 other orders" },
];

async function openAda(): Promise<void> {
  backend.profiles.set("c1", structuredClone(ADA));
  backend.suggestions.set("c1", ADA_SUGGESTIONS);
  backend.codes.set("SF1.ADA", { kind: "customer", customer: ADA.customer });
  app = startApp(freshRoot(), { statusPollMs: 0, pickupPollMs: 0, searchDebounceMs: 10, highlightMs: 50 });
  await app.ready;
  const input = $<HTMLInputElement>("#scan-input");
  input.value = "SF1.ADA";
  press(input, "Enter");
  await vi.waitFor(() => expect($("#customer-profile").dataset.customerId).toBe("c1"));
}

function cartNames(): string[] {
  return $$("#cart tr.cart-line").map((r) => `${r.querySelector(".line-name")?.textContent} ×${r.dataset.quantity}`);
}

beforeEach(() => {
  backend = new FakeBackend().install();
});

afterEach(() => {
  app?.destroy();
  app = null;
  clearMocks();
});

describe("the customer profile", () => {
  it("shows consent, sizes, the live web cart, every channel's purchases and suggestions", async () => {
    await openAda();
    const facts = $("#profile-facts").textContent;
    expect(facts).toContain("Customer since2025-03-04");
    expect(facts).toContain("Email offersYes");
    expect(facts).toContain("Sizesshoe: 39");
    expect($("#profile-notes li.note").textContent).toContain("Prefers the navy one.");
    const lines = $$(".online-cart[data-cart-id='k1'] tr.online-line");
    expect(lines.map((l) => l.dataset.sellable)).toEqual(["true", "false", "true"]);
    expect(lines[1]!.textContent).toContain("Not sold here");
    expect(lines[1]!.querySelector<HTMLInputElement>("input")!.disabled).toBe(true);
    const wishes = $$("#profile-wishlist li.wish");
    expect(wishes.map((w) => w.querySelector<HTMLButtonElement>("button")!.disabled)).toEqual([false, true]);
    expect(wishes[1]!.textContent).toContain("Wool Scarf · Not sold here");
    expect(wishes[0]!.textContent).toContain("On the wishlist since 2026-10-20");
    expect($("#profile-history h3").textContent).toBe("Purchases (newest 2 of 25)");
    const orders = $$("#profile-history li.history-order");
    expect(orders.map((o) => o.dataset.channel)).toEqual(["store", "web"]);
    expect(orders[0]!.classList.contains("is-pending")).toBe(true);
    expect(orders[0]!.textContent).toContain("New order · store BER01 · waiting to sync");
    expect(orders[1]!.textContent).toContain("1 × Coffee Beans 1kg");
    await vi.waitFor(() => expect($("#profile-suggestions .suggestion-reason").textContent).toBe("Bought with Coffee Beans 1kg in 3 other orders"));
  });

  it("a purchase in the history opens in the Returns view to take back or exchange", async () => {
    await openAda();
    backend.returnOrders = [returnOrder({ order_id: "o1", number: "W-00000001" })];
    const order = $$("#profile-history li.history-order")[1]!;
    const button = order.querySelector<HTMLButtonElement>(".history-return")!;
    expect(button.getAttribute("aria-label")).toBe("Return or exchange items of W-00000001");
    button.click();
    await vi.waitFor(() => expect($("#return-order").dataset.orderId).toBe("o1"));
    expect($("#returns").hidden).toBe(false);
    expect($("#register").hidden).toBe(true);
    expect($<HTMLInputElement>("#return-order-number").value).toBe("W-00000001");
    expect(backend.calls.find((c) => c.cmd === "find_return")?.args).toEqual({ query: "o1" });
    expect(document.querySelector("#customer-profile")).toBeNull();
  });

  it("a customer no longer on the device says so in the panel", async () => {
    backend.codes.set("SF1.GONE", { kind: "customer", customer: { ...ADA.customer, customer_id: "gone" } });
    app = startApp(freshRoot(), { statusPollMs: 0, pickupPollMs: 0, searchDebounceMs: 10, highlightMs: 50 });
    await app.ready;
    const input = $<HTMLInputElement>("#scan-input");
    input.value = "SF1.GONE";
    press(input, "Enter");
    await vi.waitFor(() => expect($(".profile-area [role=alert]").dataset.code).toBe("not_found"));
  });

  it("chosen web cart lines go into the sale for the customer, then cash completes it with change", async () => {
    await openAda();
    // Untick the mug: only the coffee comes over.
    $<HTMLInputElement>(".online-line-pick[data-line-no='3']").click();
    $<HTMLButtonElement>(".online-cart-add").click();
    await vi.waitFor(() => expect(cartNames()).toEqual(["Coffee Beans 1kg ×2"]));
    expect(backend.calls.find((c) => c.cmd === "add_online_cart")!.args).toEqual({ cartId: "k1", lineNos: [1] });
    expect($("#cart-customer-name").textContent).toBe("For Ada Lovelace · from their online cart");

    press(document.body, "F9");
    expect(document.activeElement).toBe($("#cash-given"));
    const given = $<HTMLInputElement>("#cash-given");
    given.value = "25";
    press(given, "Enter");
    await vi.waitFor(() => expect($("#sale-done").textContent).toContain("Change: 0.00 EUR"));
    expect(backend.cashSales).toEqual([{ given: 2500, total: 2500, customer_id: "c1", online_cart_id: "k1" }]);
  });
});

describe("paying cash", () => {
  it("takes too little as a part payment, then the rest with the change", async () => {
    await openAda();
    $<HTMLButtonElement>(".online-cart-add").click();
    await vi.waitFor(() => expect(cartNames()).toEqual(["Coffee Beans 1kg ×2", "Coffee Mug ×1"]));
    expect($(".online-cart-notes").textContent).toBe("Added to the sale.");
    $<HTMLButtonElement>("#pay-cash").click();
    const given = $<HTMLInputElement>("#cash-given");
    given.value = "30";
    press(given, "Enter");
    await vi.waitFor(() => expect($("#payment-due").textContent).toBe("Paid 30.00 EUR. Still to pay: 3.00 EUR"));
    expect(cartNames()).toHaveLength(2);
    expect($("#tenders").textContent).toContain("cash: 30.00 EUR");
    $<HTMLButtonElement>("#pay-cash").click();
    given.value = "50,00";
    press(given, "Enter");
    await vi.waitFor(() => expect($("#sale-done").textContent).toBe("Sale complete: 33.00 EUR. Change: 47.00 EUR"));
    expect(backend.cashSales).toEqual([
      { given: 3000, total: 3300, customer_id: "c1", online_cart_id: "k1" },
      { given: 5000, total: 3300, customer_id: "c1", online_cart_id: "k1" },
    ]);
    expect(cartNames()).toEqual([]);
    expect($("#cart-customer").hidden).toBe(true);
  });

  it("the exact amount needs no typing; garbage typed gets a hint, not a sale", async () => {
    await openAda();
    $<HTMLButtonElement>("#sell-to-customer").click();
    await vi.waitFor(() => expect($("#cart-customer").hidden).toBe(false));
    await vi.waitFor(() => $("#profile-suggestions .suggestion-add"));
    $<HTMLButtonElement>("#profile-suggestions .suggestion-add").click();
    await vi.waitFor(() => expect(cartNames()).toEqual(["Tote Bag ×1"]));
    $<HTMLButtonElement>("#pay-cash").click();
    const given = $<HTMLInputElement>("#cash-given");
    given.value = "1.5.0";
    press(given, "Enter");
    expect($("#cash-problem").textContent).toBe("Type the cash handed over, e.g. 1.50.");
    expect(backend.cashSales).toEqual([]);
    $<HTMLButtonElement>("#cash-exact").click();
    await vi.waitFor(() => expect($("#sale-done").textContent).toContain("Change: 0.00 EUR"));
    expect(backend.cashSales).toEqual([{ given: 150, total: 150, customer_id: "c1", online_cart_id: null }]);
  });

  it("reads amounts in the currency's decimals", () => {
    expect(exponentOf(money(1580))).toBe(2);
    expect(exponentOf({ minor: 500, currency: "JPY", display: "500 JPY" })).toBe(0);
    const table: [string, number, number | null][] = [
      ["20", 2, 2000],
      ["20.5", 2, 2050],
      ["20,05", 2, 2005],
      [" 7.", 2, 700],
      ["20.005", 2, null],
      ["-5", 2, null],
      ["abc", 2, null],
      ["", 2, null],
      ["500", 0, 500],
      ["500.5", 0, null],
    ];
    for (const [text, exponent, minor] of table) expect(parseAmount(text, exponent), text).toBe(minor);
  });
});

describe("handing the cart to the customer's phone", () => {
  it("needs the customer, shows the code until Done or Escape, and empties the sale", async () => {
    await openAda();
    $<HTMLButtonElement>("#profile-suggestions .suggestion-add").click();
    await vi.waitFor(() => expect(cartNames()).toEqual(["Tote Bag ×1"]));
    expect($<HTMLButtonElement>("#hand-off").disabled).toBe(true);
    $<HTMLButtonElement>("#sell-to-customer").click();
    await vi.waitFor(() => expect($<HTMLButtonElement>("#hand-off").disabled).toBe(false));
    $<HTMLButtonElement>("#hand-off").click();
    await vi.waitFor(() => expect($("#handoff").hidden).toBe(false));
    expect($("#handoff-qr").dataset.text).toBe("SF1.HANDOFF-1");
    expect($(".handoff-hint").textContent).toContain("Ada Lovelace scans this code to finish the purchase of 1 item");
    expect(document.activeElement).toBe($("#handoff-close"));
    expect(backend.handoffs).toEqual([{ customer_id: "c1", units: 1 }]);
    expect(cartNames()).toEqual([]);
    // Escape closes it, back to the scan box.
    press($("#handoff-close"), "Escape");
    expect($("#handoff").hidden).toBe(true);
    expect(document.activeElement).toBe($("#scan-input"));
  });
});

describe("editing details and adding notes", () => {
  it("sends only what changed, shows it waiting to sync, and adds a note", async () => {
    await openAda();
    $<HTMLButtonElement>("#edit-details").click();
    expect(document.activeElement).toBe($("#edit-email"));
    expect($<HTMLTextAreaElement>("#edit-sizes").value).toBe("shoe: 39");
    $<HTMLInputElement>("#edit-consent-email").click();
    $<HTMLTextAreaElement>("#edit-sizes").value = "shoe: 39\ntop = S";
    $<HTMLButtonElement>("#save-details").click();
    await vi.waitFor(() => expect($("#details-form").hidden).toBe(true));
    expect(backend.calls.find((c) => c.cmd === "edit_customer")!.args).toEqual({
      customerId: "c1",
      edit: { consent_email: false, sizes: { shoe: "39", top: "S" } },
    });
    expect($("#profile-facts dd[data-field='consent_email']").textContent).toBe("No (waiting to sync)");
    expect($("#profile-facts dd[data-field='email']").classList.contains("is-pending")).toBe(false);

    $<HTMLTextAreaElement>("#note-text").value = "  Looking for a gift for her sister.  ";
    $<HTMLButtonElement>("#add-note").click();
    await vi.waitFor(() => expect($$("#profile-notes li.note")).toHaveLength(2));
    expect($("#profile-notes li.note.is-pending .note-text").textContent).toBe("Looking for a gift for her sister.");
    expect($<HTMLTextAreaElement>("#note-text").value).toBe("");
  });

  it("a refused edit says why and keeps the form; sizes must be name=value", async () => {
    await openAda();
    backend.editProblem = { code: "invalid_input", message: "That email address is not valid: it needs one @." };
    $<HTMLButtonElement>("#edit-details").click();
    $<HTMLTextAreaElement>("#edit-sizes").value = "large";
    $<HTMLButtonElement>("#save-details").click();
    expect($("#details-problem").textContent).toContain("name: value");
    expect(backend.calls.some((c) => c.cmd === "edit_customer")).toBe(false);
    $<HTMLTextAreaElement>("#edit-sizes").value = "shoe: 39";
    $<HTMLInputElement>("#edit-email").value = "ada.example.org";
    press($("#edit-email"), "Enter");
    await vi.waitFor(() => expect($("#details-problem").dataset.code).toBe("invalid_input"));
    expect($("#details-form").hidden).toBe(false);
    press($("#edit-email"), "Escape");
    expect($("#details-form").hidden).toBe(true);
    expect($("#opened").hidden).toBe(false);
    expect(parsePairs("a=1\n b : 2, 3 \n\n")).toEqual({ a: "1", b: "2, 3" });
    expect(parsePairs("a")).toBeNull();
    expect(parsePairs("=1")).toBeNull();
    expect(parsePairs("a:")).toBeNull();
  });
});

describe("enrolling a new customer", () => {
  it("from Find a customer: a refusal says why, then the card and its QR open at once", async () => {
    app = startApp(freshRoot(), { statusPollMs: 0, pickupPollMs: 0, searchDebounceMs: 10, highlightMs: 50 });
    await app.ready;
    $<HTMLButtonElement>("#new-customer").click();
    expect(document.activeElement).toBe($("#enrol-first"));
    $<HTMLInputElement>("#enrol-first").value = "Grace";
    $<HTMLInputElement>("#enrol-last").value = "Hopper";
    $<HTMLInputElement>("#enrol-consent-email").click();
    press($("#enrol-last"), "Enter");
    await vi.waitFor(() => expect($("#enrol-problem").dataset.code).toBe("invalid_input"));
    expect($("#enrol-problem").textContent).toContain("Email offers need an email address");
    $<HTMLInputElement>("#enrol-email").value = "grace@example.org";
    $<HTMLButtonElement>("#enrol-save").click();
    await vi.waitFor(() => expect($("#customer-card .customer-name").textContent).toBe("Grace Hopper"));
    expect($("#enrol-form").hidden).toBe(true);
    expect($("#card-qr").dataset.text).toBe("SF1.NEW-CARD");
    await vi.waitFor(() => expect($("#customer-profile").dataset.customerId).toBe("new-1"));
  });

  it("Escape cancels and goes back to the search", async () => {
    app = startApp(freshRoot(), { statusPollMs: 0, pickupPollMs: 0, searchDebounceMs: 10, highlightMs: 50 });
    await app.ready;
    $<HTMLButtonElement>("#new-customer").click();
    press($("#enrol-first"), "Escape");
    expect($("#enrol-form").hidden).toBe(true);
    expect(document.activeElement).toBe($("#customer-search"));
    expect(backend.calls.some((c) => c.cmd === "enrol_customer")).toBe(false);
  });
});

describe("paying by card and the receipt", () => {
  it("a declined card leaves the sale open; cash and an approved card complete it; the receipt opens", async () => {
    await openAda();
    $<HTMLButtonElement>(".online-cart-add").click();
    await vi.waitFor(() => expect(cartNames()).toHaveLength(2));
    $<HTMLButtonElement>("#pay-cash").click();
    const given = $<HTMLInputElement>("#cash-given");
    given.value = "10";
    press(given, "Enter");
    await vi.waitFor(() => expect($("#payment-due").textContent).toContain("Still to pay: 23.00 EUR"));

    $<HTMLButtonElement>("#pay-card").click();
    expect($<HTMLInputElement>("#card-amount").value).toBe("23.00");
    expect(document.activeElement).toBe($("#card-reference"));
    $<HTMLInputElement>("#card-reference").value = "T-1";
    $<HTMLInputElement>("#card-last4").value = "4242";
    $<HTMLButtonElement>("#card-declined").click();
    await vi.waitFor(() => expect($("#message").dataset.code).toBe("card_declined"));
    expect(cartNames()).toHaveLength(2);
    expect($("#card-form").hidden).toBe(false);

    $<HTMLInputElement>("#card-reference").value = "T-2";
    $<HTMLInputElement>("#card-auth").value = "A1B2";
    $<HTMLButtonElement>("#card-approved").click();
    await vi.waitFor(() => expect($("#sale-done").textContent).toBe("Sale complete: 33.00 EUR. Change: 0.00 EUR"));
    expect(backend.cardPayments).toEqual([{ approved: true, amount_minor: 2300, terminal_reference: "T-2", last4: "4242", auth_code: "A1B2" }]);

    $<HTMLButtonElement>("#show-receipt").click();
    await vi.waitFor(() => expect(document.querySelector("#receipt")).not.toBeNull());
    expect($("#receipt").dataset.qr).toBe("SF1.RECEIPT");
    expect($<HTMLIFrameElement>("#receipt-frame").srcdoc).toContain("Receipt");
    $<HTMLButtonElement>("#receipt-pdf").click();
    await vi.waitFor(() => expect($("#receipt-saved").textContent).toContain("R-20261124-ABC123.pdf"));
    $<HTMLButtonElement>("#receipt-close").click();
    expect(document.querySelector("#receipt")).toBeNull();
  });
});
