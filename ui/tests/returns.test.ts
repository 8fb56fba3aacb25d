import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { startApp, type AppHandle } from "../src/app";
import { FakeBackend, money, returnOrder } from "./fakeBackend";
import { $, $$, freshRoot, isShown, press, text, type, scan } from "./page";

let backend: FakeBackend;
let app: AppHandle | null = null;
let root: HTMLElement;

async function start(configure?: (b: FakeBackend) => void): Promise<void> {
  configure?.(backend);
  app = startApp(root, { statusPollMs: 0, pickupPollMs: 0, searchDebounceMs: 10, highlightMs: 50 });
  await app.ready;
}


/** Opens the Returns tab and finds `number` with Enter. */
async function find(number: string): Promise<void> {
  $<HTMLButtonElement>("#tab-returns").click();
  const input = $<HTMLInputElement>("#return-order-number");
  type(input, number);
  expect(press(input, "Enter").defaultPrevented).toBe(true);
  await vi.waitFor(() => expect(input.getAttribute("aria-busy")).toBe("false"));
}

function row(lineNo: number): HTMLTableRowElement {
  return $<HTMLTableRowElement>(`.return-line[data-line-no="${lineNo}"]`);
}

function returnCalls(): number {
  return backend.commandNames().filter((c) => c === "take_return").length;
}

beforeEach(() => {
  root = freshRoot();
  backend = new FakeBackend().install();
  backend.returnOrders = [returnOrder()];
});

afterEach(() => {
  app?.destroy();
  app = null;
  clearMocks();
});

describe("returns tab", () => {
  it("is the third tab; Alt+3 shows it with focus in the order number", async () => {
    await start();
    const tab = $<HTMLButtonElement>("#tab-returns");
    expect(tab.getAttribute("role")).toBe("tab");
    expect(tab.textContent).toContain("Returns");
    expect(tab.getAttribute("aria-keyshortcuts")).toBe("Alt+3");
    expect(isShown($("#returns"))).toBe(false);
    expect(press($("#scan-input"), "3", { altKey: true, code: "Digit3" }).defaultPrevented).toBe(true);
    expect(tab.getAttribute("aria-selected")).toBe("true");
    expect(isShown($("#returns"))).toBe(true);
    expect(isShown($("#register"))).toBe(false);
    expect($("#returns").getAttribute("role")).toBe("tabpanel");
    expect(document.activeElement).toBe($("#return-order-number"));
    $("#tab-pickups").focus();
    press($("#tab-pickups"), "ArrowRight");
    expect(document.activeElement).toBe(tab);
  });
});

describe("finding the purchase", () => {
  it("finds by number: the order, what can come back of each line, the refund methods", async () => {
    await start();
    await find("W-00000007");
    expect(backend.calls.find((c) => c.cmd === "find_return")?.args).toEqual({ query: "W-00000007" });
    const order = $("#return-order");
    expect(order.dataset.orderId).toBe("order-7");
    expect(order.textContent).toContain("W-00000007");
    expect(order.textContent).toContain("Web shop");
    expect($("#return-bought-at").getAttribute("datetime")).toBe("2025-01-01T09:00:00Z");
    expect(text("#return-bought-at")).toMatch(/ 2025 /);
    expect(isShown($("#return-provisional"))).toBe(false);
    expect($$(".return-line")).toHaveLength(2);
    expect(row(1).textContent).toContain("Merino Crew Sweater");
    expect(text('.return-line[data-line-no="1"] .returnable')).toBe("1");
    const qty = row(1).querySelector<HTMLInputElement>(".return-qty")!;
    expect({ value: qty.value, min: qty.min, max: qty.max }).toEqual({ value: "0", min: "0", max: "1" });
    const reasons = Array.from(row(1).querySelectorAll<HTMLOptionElement>(".return-reason option"));
    expect(reasons.map((o) => o.value)).toEqual(["wrong_size", "damaged", "not_as_described", "changed_mind", "other"]);
    expect(reasons.map((o) => o.textContent)).toContain("Not as described");
    const disposition = row(1).querySelector<HTMLSelectElement>(".return-disposition")!;
    expect(disposition.value).toBe("restock");
    expect(Array.from(disposition.options).map((o) => o.value)).toEqual(["restock", "damaged", "return_to_vendor"]);
    const method = $<HTMLSelectElement>("#refund-method");
    expect(method.value).toBe("original");
    expect(Array.from(method.options).map((o) => o.textContent)).toEqual(["Original payment", "Store credit"]);
    expect(document.activeElement).toBe(qty);
  });

  it("says what the device does not know, in #return-message", async () => {
    await start();
    $<HTMLButtonElement>("#tab-returns").click();
    type($<HTMLInputElement>("#return-order-number"), "W-404");
    $<HTMLButtonElement>("#return-find").click();
    await vi.waitFor(() => expect($("#return-message").dataset.code).toBe("not_found"));
    expect($("#return-message").getAttribute("role")).toBe("alert");
    expect(text("#return-message")).toContain("W-404");
    expect(document.querySelector("#return-order")).toBeNull();
  });

  it("shows an offline find as provisional", async () => {
    backend.returnOrders = [returnOrder({ provisional: true })];
    await start();
    await find("W-00000007");
    expect(isShown($("#return-provisional"))).toBe(true);
    expect(text("#return-provisional")).toContain("the hub may flag it");
  });

  it("a scanned receipt opens the Returns view with its order", async () => {
    await start((b) =>
      b.codes.set("SF1.RECEIPT", {
        kind: "receipt",
        order: {
          order_id: "order-7",
          number: "W-00000007",
          channel: "web",
          status: "delivered",
          placed_at: "2025-01-01T09:00:00Z",
          store_code: null,
          customer_name: "Ingrid Åberg",
          total: money(12498),
          lines: [],
        },
      }),
    );
    const scanInput = $<HTMLInputElement>("#scan-input");
    type(scanInput, "SF1.RECEIPT");
    press(scanInput, "Enter");
    await vi.waitFor(() => expect(document.querySelector("#return-order")).not.toBeNull());
    expect(backend.calls.find((c) => c.cmd === "find_return")?.args).toEqual({ query: "order-7" });
    expect($("#tab-returns").getAttribute("aria-selected")).toBe("true");
    expect(isShown($("#returns"))).toBe(true);
    expect(isShown($("#register"))).toBe(false);
    expect($("#return-order").dataset.orderId).toBe("order-7");
    expect($<HTMLInputElement>("#return-order-number").value).toBe("W-00000007");
    expect(isShown($("#opened"))).toBe(false);
  });
});

describe("taking the return", () => {
  it("refuses a quantity above what can come back without asking Rust", async () => {
    await start();
    await find("W-00000007");
    type(row(1).querySelector<HTMLInputElement>(".return-qty")!, "2");
    $<HTMLButtonElement>("#return-confirm").click();
    await vi.waitFor(() => expect($("#return-message").dataset.code).toBe("invalid_input"));
    expect(text("#return-message")).toContain("at most 1 item");
    expect(returnCalls()).toBe(0);
  });

  it("asks for at least one item", async () => {
    await start();
    await find("W-00000007");
    $<HTMLButtonElement>("#return-confirm").click();
    await vi.waitFor(() => expect(text("#return-message")).toContain("at least one item"));
    expect(returnCalls()).toBe(0);
  });

  it("shows Rust's problem when the item came back elsewhere meanwhile; nothing is taken", async () => {
    await start();
    await find("W-00000007");
    backend.returnOrders[0].lines[0].returnable = 0; // returned at another till since the find
    type(row(1).querySelector<HTMLInputElement>(".return-qty")!, "1");
    $<HTMLButtonElement>("#return-confirm").click();
    await vi.waitFor(() => expect($("#return-message").dataset.code).toBe("invalid_input"));
    expect(text("#return-message")).toContain("Line 1");
    expect(returnCalls()).toBe(1);
    expect(backend.returnsTaken).toHaveLength(0);
    expect(isShown($("#return-order"))).toBe(true);
  });

  it("takes it with a manager's approval when asked, then shows the refund", async () => {
    backend.returnNeedsApproval = true;
    await start();
    await find("W-00000007");
    type(row(2).querySelector<HTMLInputElement>(".return-qty")!, "1");
    row(2).querySelector<HTMLSelectElement>(".return-reason")!.value = "damaged";
    row(2).querySelector<HTMLSelectElement>(".return-disposition")!.value = "damaged";
    $<HTMLSelectElement>("#refund-method").value = "store_credit";
    $<HTMLButtonElement>("#return-confirm").click();
    await vi.waitFor(() => expect(document.querySelector("#approval")).not.toBeNull());
    expect(text("#approval-reason")).toContain("manager must approve");

    $<HTMLInputElement>("#approval-pin").value = "0000";
    $<HTMLButtonElement>("#approval-confirm").click();
    await vi.waitFor(() => expect(isShown($("#approval-problem"))).toBe(true));
    expect(backend.returnsTaken).toHaveLength(0);

    $<HTMLInputElement>("#approval-pin").value = "9999";
    $<HTMLButtonElement>("#approval-confirm").click();
    await vi.waitFor(() => expect(document.querySelector("#return-done")).not.toBeNull());
    expect(document.querySelector("#approval")).toBeNull();
    expect(backend.returnsTaken).toEqual([
      {
        input: {
          order_id: "order-7",
          lines: [{ line_no: 2, quantity: 1, reason: "damaged", disposition: "damaged" }],
          refund_method: "store_credit",
          approval: { manager_id: "st-manager", pin: "9999" },
          store_credit_card_id: null,
        },
        approved_by: "st-manager",
      },
    ]);
    expect($("#return-done").dataset.returnId).toBe("ret-1");
    expect(text("#return-refund")).toBe("25.00 EUR");
    expect($$("#return-refunds .refund-part").map((li) => li.textContent)).toEqual(["Store credit 25.00 EUR · sc-1"]);
    expect(document.querySelector("#return-order")).toBeNull();
    expect(document.activeElement).toBe($("#return-new"));

    $<HTMLButtonElement>("#return-new").click();
    expect(document.querySelector("#return-done")).toBeNull();
    expect($<HTMLInputElement>("#return-order-number").value).toBe("");
    expect(document.activeElement).toBe($("#return-order-number"));
  });

  it("without a receipt: the item, the ID noted, a manager approves, store credit", async () => {
    await start();
    press($("#scan-input"), "3", { altKey: true, code: "Digit3" });
    $<HTMLButtonElement>("#return-no-receipt").click();
    expect(document.activeElement).toBe($("#no-receipt-code"));
    $<HTMLInputElement>("#no-receipt-code").value = "4006381333931";
    $<HTMLButtonElement>("#no-receipt-confirm").click();
    expect(text("#return-message")).toContain("ID");
    expect(backend.noReceiptTaken).toHaveLength(0);

    $<HTMLInputElement>("#no-receipt-id-note").value = "passport, name matches";
    $<HTMLButtonElement>("#no-receipt-confirm").click();
    await vi.waitFor(() => expect(document.querySelector("#approval")).not.toBeNull());
    $<HTMLInputElement>("#approval-pin").value = "9999";
    $<HTMLButtonElement>("#approval-confirm").click();
    await vi.waitFor(() => expect(document.querySelector("#return-done")).not.toBeNull());
    expect(backend.noReceiptTaken).toEqual([
      {
        code: "4006381333931",
        quantity: 1,
        reason: "wrong_size",
        disposition: "restock",
        id_note: "passport, name matches",
        approval: { manager_id: "st-manager", pin: "9999" },
      },
    ]);
    expect(text("#return-refund")).toBe("19.99 EUR");
  });

  it("cancelling the approval takes nothing and says why", async () => {
    backend.returnNeedsApproval = true;
    await start();
    await find("W-00000007");
    type(row(1).querySelector<HTMLInputElement>(".return-qty")!, "1");
    $<HTMLButtonElement>("#return-confirm").click();
    await vi.waitFor(() => expect(document.querySelector("#approval")).not.toBeNull());
    $<HTMLButtonElement>("#approval-cancel").click();
    await vi.waitFor(() => expect($("#return-message").dataset.code).toBe("approval_required"));
    expect(backend.returnsTaken).toHaveLength(0);
    expect(isShown($("#return-order"))).toBe(true);
  });

  it("Enter in a quantity does not take the return", async () => {
    await start();
    await find("W-00000007");
    const qty = row(1).querySelector<HTMLInputElement>(".return-qty")!;
    type(qty, "1");
    press(qty, "Enter");
    await Promise.resolve();
    expect(returnCalls()).toBe(0);
  });
});

describe("exchanges", () => {

  /** Finds W-00000007 and starts an exchange of its scarf (credit 25.00). */
  async function exchangeScarf(): Promise<void> {
    await find("W-00000007");
    type(row(2).querySelector<HTMLInputElement>(".return-qty")!, "1");
    $<HTMLButtonElement>("#return-exchange").click();
    await vi.waitFor(() => expect(isShown($("#register"))).toBe(true));
  }

  it("starts from the chosen lines: the Register shows the credit, focus in the scan box, nothing taken back yet", async () => {
    await start();
    await exchangeScarf();
    expect(backend.calls.find((c) => c.cmd === "start_exchange")?.args).toEqual({
      input: { order_id: "order-7", lines: [{ line_no: 2, quantity: 1, reason: "wrong_size", disposition: "restock" }], approval: null },
    });
    expect(returnCalls()).toBe(0);
    expect(isShown($("#exchange"))).toBe(true);
    expect(text("#exchange-summary")).toContain("1 item of order W-00000007 come back, a credit of 25.00 EUR");
    expect(text("#exchange-summary")).toContain("Scan the new items");
    expect(document.activeElement).toBe($("#scan-input"));
    expect(isShown($("#exchange-finish"))).toBe(false);
  });

  it("dearer new items: the usual payment takes the difference and completes the exchange", async () => {
    await start();
    await exchangeScarf();
    await scan(backend, "4006381333931"); // 12.50
    await scan(backend, "4006381333931");
    await scan(backend, "4006381333931"); // 37.50 in all
    expect(text("#payment-due")).toContain("Still to pay: 12.50 EUR");
    expect(isShown($("#exchange-finish"))).toBe(false);
    expect($<HTMLButtonElement>("#pay-cash").disabled).toBe(false);
    $<HTMLButtonElement>("#pay-cash").click();
    $<HTMLButtonElement>("#cash-exact").click();
    await vi.waitFor(() => expect(isShown($("#sale-done"))).toBe(true));
    expect(text("#sale-done")).toContain("Exchange complete: 25.00 EUR back, 37.50 EUR sold");
    expect(isShown($("#exchange"))).toBe(false);
  });

  it("cheaper new items: Complete exchange refunds the rest the chosen way; cash and card wait", async () => {
    await start();
    await exchangeScarf();
    await scan(backend, "4006381333931"); // 12.50: 12.50 of the credit left over
    expect(text("#exchange-summary")).toContain("12.50 EUR of it is left over");
    expect($<HTMLButtonElement>("#pay-cash").disabled).toBe(true);
    expect(isShown($("#exchange-finish"))).toBe(true);
    const method = $<HTMLSelectElement>("#exchange-refund-method");
    expect([...method.options].map((o) => o.textContent)).toEqual(["Original payment", "Store credit"]);
    method.value = "store_credit";
    $<HTMLButtonElement>("#exchange-complete").click();
    await vi.waitFor(() => expect(isShown($("#sale-done"))).toBe(true));
    expect(backend.exchangesCompleted).toEqual(["store_credit"]);
    expect(text("#sale-done")).toContain("Refunded: 12.50 EUR (Card)");
  });

  it("cancelling leaves the new items in the cart at full price", async () => {
    await start();
    await exchangeScarf();
    await scan(backend, "4006381333931");
    $<HTMLButtonElement>("#exchange-cancel").click();
    await vi.waitFor(() => expect(isShown($("#exchange"))).toBe(false));
    expect(backend.calls.some((c) => c.cmd === "cancel_exchange")).toBe(true);
    expect($<HTMLButtonElement>("#pay-cash").disabled).toBe(false);
    expect(text("#cart-total")).toContain("12.50");
  });

  it("a second exchange while one is open shows Rust's refusal on the Returns tab", async () => {
    await start();
    await exchangeScarf();
    await find("W-00000007");
    type(row(1).querySelector<HTMLInputElement>(".return-qty")!, "1");
    $<HTMLButtonElement>("#return-exchange").click();
    await vi.waitFor(() => expect(text("#return-message")).toContain("already in progress"));
    expect(isShown($("#returns"))).toBe(true);
  });
});
