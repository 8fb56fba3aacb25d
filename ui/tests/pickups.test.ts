import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { startApp, type AppHandle } from "../src/app";
import { FakeBackend, PRODUCTS, pickup, returnOrder } from "./fakeBackend";
import { pickupDetail } from "./fakePickups";
import { $, $$, freshRoot, isShown, press, text } from "./page";

const COFFEE = "4006381333931";

let backend: FakeBackend;
let app: AppHandle | null = null;
let root: HTMLElement;

async function start(): Promise<void> {
  app = startApp(root, { statusPollMs: 0, pickupPollMs: 2000, searchDebounceMs: 10, highlightMs: 50 });
  await app.ready;
  await vi.advanceTimersByTimeAsync(0); // the first queue load
}

function rows(): HTMLTableRowElement[] {
  return $$<HTMLTableRowElement>("#pickups tr.pickup-row");
}

function pickupCalls(): number {
  return backend.commandNames().filter((c) => c === "pickup_queue").length;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2025-01-01T10:00:00Z"));
  root = freshRoot();
  backend = new FakeBackend().install();
});

afterEach(() => {
  app?.destroy();
  app = null;
  clearMocks();
  vi.useRealTimers();
});

describe("tabs", () => {
  it("shows the Register first, with two tabs reachable by Tab", async () => {
    await start();
    const tablist = $("[role=tablist]");
    const register = $<HTMLButtonElement>("#tab-register");
    const pickups = $<HTMLButtonElement>("#tab-pickups");
    expect(tablist.contains(register) && tablist.contains(pickups)).toBe(true);
    for (const tab of [register, pickups]) {
      expect(tab.getAttribute("role")).toBe("tab");
      expect(tab.tagName).toBe("BUTTON");
      expect(tab.tabIndex).toBe(0);
    }
    expect(register.getAttribute("aria-selected")).toBe("true");
    expect(pickups.getAttribute("aria-selected")).toBe("false");
    expect(isShown($("#register"))).toBe(true);
    expect(isShown($("#pickups"))).toBe(false);
    expect(document.activeElement).toBe($("#scan-input"));
  });

  it("Alt+2 and Alt+1 switch views; the status bar stays; scanning still works", async () => {
    await start();
    const scanInput = $<HTMLInputElement>("#scan-input");
    expect(press(scanInput, "2", { altKey: true, code: "Digit2" }).defaultPrevented).toBe(true);
    expect($("#tab-pickups").getAttribute("aria-selected")).toBe("true");
    expect($("#tab-register").getAttribute("aria-selected")).toBe("false");
    expect(isShown($("#pickups"))).toBe(true);
    expect(isShown($("#register"))).toBe(false);
    expect(document.activeElement).toBe($("#tab-pickups"));
    expect(isShown($("#sync-status"))).toBe(true);
    expect(isShown($("#conflicts-button"))).toBe(true);

    // Typing on the Pickups view is not sent to the hidden scan box.
    press(document.activeElement!, "4");
    expect(document.activeElement).toBe($("#tab-pickups"));

    press(document.activeElement!, "1", { altKey: true, code: "Digit1" });
    expect($("#tab-register").getAttribute("aria-selected")).toBe("true");
    expect(isShown($("#register"))).toBe(true);
    expect(isShown($("#pickups"))).toBe(false);
    expect(document.activeElement).toBe(scanInput);

    scanInput.value = COFFEE;
    press(scanInput, "Enter");
    await vi.advanceTimersByTimeAsync(0);
    expect($$("#cart tr.cart-line")).toHaveLength(1);
    expect(text("#cart-total")).toBe("12.50 EUR");
  });

  it("clicking a tab switches too; F2 goes back to the scan box from the Pickups view", async () => {
    await start();
    $<HTMLButtonElement>("#tab-pickups").click();
    expect(isShown($("#pickups"))).toBe(true);
    press(document.activeElement ?? document.body, "F2");
    expect(isShown($("#register"))).toBe(true);
    expect(document.activeElement).toBe($("#scan-input"));

    $<HTMLButtonElement>("#tab-pickups").click();
    $<HTMLButtonElement>("#tab-register").click();
    expect(isShown($("#register"))).toBe(true);
    expect(document.activeElement).toBe($("#scan-input"));
  });

  it("ArrowRight and ArrowLeft move between the tabs", async () => {
    await start();
    const register = $<HTMLButtonElement>("#tab-register");
    register.focus();
    press(register, "ArrowRight");
    expect(document.activeElement).toBe($("#tab-pickups"));
    expect(isShown($("#pickups"))).toBe(true);
    press($("#tab-pickups"), "ArrowLeft");
    expect(document.activeElement).toBe(register);
    expect(isShown($("#register"))).toBe(true);
  });
});

describe("pickups view", () => {
  it("lists the open pickup orders", async () => {
    backend.pickups = [
      pickup("W-1001", { customer_name: "Ada Lovelace", status: "ready", items: 3, total: "31.50 EUR", placed_at: "2025-01-01T09:30:00Z" }),
      pickup("W-1002", { customer_name: null, status: "picking", items: 1, total: "8.00 EUR", placed_at: "2025-01-01T09:58:00Z" }),
    ];
    await start();
    expect(text("#pickups-count")).toBe("2");
    $<HTMLButtonElement>("#tab-pickups").click();
    await vi.advanceTimersByTimeAsync(0);

    expect(rows().map((r) => r.dataset.orderNumber)).toEqual(["W-1001", "W-1002"]);
    const first = rows()[0]!;
    expect(first.querySelector(".pickup-number")?.textContent).toBe("W-1001");
    expect(first.querySelector(".pickup-customer")?.textContent).toBe("Ada Lovelace");
    expect(first.querySelector(".pickup-status")?.textContent).toBe("ready");
    expect(first.querySelector(".pickup-items")?.textContent).toBe("3");
    expect(first.querySelector(".pickup-total")?.textContent).toBe("31.50 EUR");
    expect(first.querySelector(".pickup-placed")?.textContent).toMatch(/^\d\d:\d\d \(30 min ago\)$/);
    expect(rows()[1]!.querySelector(".pickup-customer")?.textContent).toBe("No name given");
    expect(isShown($("#pickups-empty"))).toBe(false);
    expect($("#pickups").getAttribute("role")).toBe("tabpanel");
  });

  it("says when no orders are waiting", async () => {
    await start();
    $<HTMLButtonElement>("#tab-pickups").click();
    await vi.advanceTimersByTimeAsync(0);
    expect(isShown($("#pickups-empty"))).toBe(true);
    expect(text("#pickups-empty")).toBe("No pickup orders waiting");
    expect(rows()).toHaveLength(0);
    expect(isShown($("#pickups-table"))).toBe(false);
  });

  it("refreshes every 2 seconds, also while the Register is shown", async () => {
    await start();
    expect(pickupCalls()).toBe(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(pickupCalls()).toBe(2);
    await vi.advanceTimersByTimeAsync(4000);
    expect(pickupCalls()).toBe(4);
  });

  it("shows why the queue could not be loaded, keeping the last list", async () => {
    backend.pickups = [pickup("W-1001")];
    await start();
    backend.gate = (cmd) =>
      cmd === "pickup_queue" ? Promise.reject({ code: "internal", message: "the replica is busy" }) : undefined;
    $<HTMLButtonElement>("#tab-pickups").click();
    await vi.advanceTimersByTimeAsync(0);
    expect(text("#pickups-error")).toBe("Pickup orders not updated: the replica is busy");
    expect(rows()).toHaveLength(1);
  });
});

describe("new pickup notice", () => {
  it("appears on the Register when orders arrive and goes when the Pickups tab opens", async () => {
    backend.pickups = [pickup("W-1001")];
    await start();
    const notice = $("#pickup-notice");
    expect(notice.getAttribute("role")).toBe("status");
    expect(isShown(notice)).toBe(false); // the first load is not "new"

    await vi.advanceTimersByTimeAsync(2000);
    expect(isShown(notice)).toBe(false);

    backend.pickups = [pickup("W-1001"), pickup("W-1002"), pickup("W-1003")];
    await vi.advanceTimersByTimeAsync(2000);
    expect(isShown(notice)).toBe(true);
    expect(text("#pickup-notice-text")).toBe("2 new pickup orders");
    expect(notice.dataset.count).toBe("2");
    expect(isShown($("#register"))).toBe(true);
    expect(text("#pickups-count")).toBe("3");

    $<HTMLButtonElement>("#tab-pickups").click();
    expect(isShown(notice)).toBe(false);
    expect(text("#pickup-notice-text")).toBe("");
    await vi.advanceTimersByTimeAsync(0);
    expect(rows().map((r) => r.dataset.orderNumber)).toEqual(["W-1001", "W-1002", "W-1003"]);

    // Orders arriving while the Pickups view is shown need no notice.
    backend.pickups = [...backend.pickups, pickup("W-1004")];
    await vi.advanceTimersByTimeAsync(2000);
    expect(isShown(notice)).toBe(false);
    expect(rows()).toHaveLength(4);
    expect(rows()[3]!.classList.contains("is-new")).toBe(true);
  });

  it("can be dismissed, and counts again from the next new order", async () => {
    await start();
    backend.pickups = [pickup("W-2001")];
    await vi.advanceTimersByTimeAsync(2000);
    expect(text("#pickup-notice-text")).toBe("1 new pickup order");

    $<HTMLButtonElement>("#pickup-notice-dismiss").click();
    expect(isShown($("#pickup-notice"))).toBe(false);
    expect(document.activeElement).toBe($("#scan-input"));
    await vi.advanceTimersByTimeAsync(2000);
    expect(isShown($("#pickup-notice"))).toBe(false);

    backend.pickups = [pickup("W-2001"), pickup("W-2002")];
    await vi.advanceTimersByTimeAsync(2000);
    expect(text("#pickup-notice-text")).toBe("1 new pickup order");
  });

  it("adds up orders that keep arriving, and Show opens the Pickups view", async () => {
    await start();
    backend.pickups = [pickup("W-3001")];
    await vi.advanceTimersByTimeAsync(2000);
    backend.pickups = [pickup("W-3001"), pickup("W-3002")];
    await vi.advanceTimersByTimeAsync(2000);
    expect(text("#pickup-notice-text")).toBe("2 new pickup orders");

    $<HTMLButtonElement>("#pickup-notice-open").click();
    expect(isShown($("#pickups"))).toBe(true);
    expect(isShown($("#pickup-notice"))).toBe(false);
    expect(document.activeElement).toBe($("#tab-pickups"));
  });
});

describe("the Scan button", () => {
  it("brings the scan box from the Pickups view in one tap", async () => {
    await start();
    $("#tab-pickups").click();
    expect(isShown($("#pickups"))).toBe(true);
    $<HTMLButtonElement>("#nav-scan").click();
    expect(isShown($("#register"))).toBe(true);
    expect(isShown($("#pickups"))).toBe(false);
    expect(document.activeElement).toBe($("#scan-input"));
  });
});

describe("the pickup counter", () => {
  const [coffee, cocoa, mug] = [PRODUCTS[0]!, PRODUCTS[1]!, PRODUCTS[2]!];

  async function openPickups(): Promise<void> {
    await start();
    $<HTMLButtonElement>("#tab-pickups").click();
    await vi.advanceTimersByTimeAsync(0);
  }

  function order(number: string, status = "new"): void {
    const view = pickup(number, { status });
    backend.pickups = [...backend.pickups, view];
    backend.counter.details.set(view.pickup_id, pickupDetail(view, [[coffee, 2], [cocoa, 1]]));
  }

  async function typeScan(code: string): Promise<void> {
    const box = $<HTMLInputElement>("#pick-scan");
    box.value = code;
    press(box, "Enter");
    await vi.advanceTimersByTimeAsync(0);
  }

  function count(lineNo: number): string {
    return $(`.pick-line[data-line-no="${lineNo}"] .pick-count`).textContent ?? "";
  }

  it("opens an order from the queue with Enter and picks it by scanning, refusing a wrong item", async () => {
    order("W-1234");
    await openPickups();
    const row = rows()[0]!;
    expect(row.tabIndex).toBe(0);
    press(row, "Enter");
    await vi.advanceTimersByTimeAsync(0);
    const detail = $("#pickup-detail");
    expect(isShown(detail)).toBe(true);
    expect(detail.dataset.pickupId).toBe("pk-W-1234");
    expect(detail.dataset.status).toBe("new");
    expect(text("#pickup-order-number")).toBe("W-1234");
    expect(document.activeElement).toBe($("#pickup-start"));

    $<HTMLButtonElement>("#pickup-start").click();
    await vi.advanceTimersByTimeAsync(0);
    expect(detail.dataset.status).toBe("picking");
    expect(document.activeElement).toBe($("#pick-scan"));
    expect(count(1)).toBe("0/2");

    await typeScan(coffee.gtin13!);
    expect(count(1)).toBe("1/2");
    await typeScan(mug.gtin13!);
    expect(text("#pick-message")).toBe("Coffee Mug is not on order W-1234. Put it back and scan the items listed.");
    expect($("#pick-message").getAttribute("role")).toBe("alert");
    expect(count(1)).toBe("1/2");
    expect(document.activeElement).toBe($("#pick-scan"));
    await typeScan(coffee.gtin13!);
    expect(count(1)).toBe("2/2");
    expect(text("#pick-message")).toBe("");
  });

  it("short-picks a line with a substitute only with the customer's consent, then marks the order ready", async () => {
    order("W-1234", "picking");
    await openPickups();
    rows()[0]!.click();
    await vi.advanceTimersByTimeAsync(0);
    await typeScan(coffee.gtin13!);
    await typeScan(coffee.gtin13!);

    $<HTMLButtonElement>("#pickup-ready").click();
    await vi.advanceTimersByTimeAsync(0);
    expect(text("#pick-message")).toContain("Line 2");
    expect($("#pickup-detail").dataset.status).toBe("picking");

    $<HTMLButtonElement>('.pick-line[data-line-no="2"] .pick-short').click();
    expect(isShown($("#short-dialog"))).toBe(true);
    expect(document.activeElement).toBe($("#short-unavailable"));
    expect($<HTMLInputElement>("#short-unavailable").value).toBe("1");
    $<HTMLSelectElement>("#short-reason").value = "damaged";
    $<HTMLInputElement>("#short-substitute").value = mug.gtin13!;
    $<HTMLButtonElement>("#short-confirm").click();
    await vi.advanceTimersByTimeAsync(0);
    expect(text("#pick-message")).toContain("how the customer agreed");
    expect(isShown($("#short-dialog"))).toBe(true);
    $<HTMLInputElement>("#short-consent").value = "phoned 10:05, a mug is fine";
    press($("#short-consent"), "Enter");
    await vi.advanceTimersByTimeAsync(0);
    expect(isShown($("#short-dialog"))).toBe(false);
    expect($('.pick-line[data-line-no="2"]').textContent).toContain("substituted by Coffee Mug");

    $<HTMLButtonElement>("#pickup-ready").click();
    await vi.advanceTimersByTimeAsync(0);
    expect($("#pickup-detail").dataset.status).toBe("ready");
    expect($$(".handover-line").map((l) => l.dataset.productId)).toEqual(["p-coffee", "p-mug"]);
  });

  it("hands over after the customer's pickup QR is scanned at the register, one unit refused and refunded", async () => {
    order("W-1234", "ready");
    const d = backend.counter.details.get("pk-W-1234")!;
    d.handover = [
      { line_no: 1, product_id: "p-coffee", product_name: coffee.name, units: 2 },
      { line_no: 2, product_id: "p-cocoa", product_name: cocoa.name, units: 1 },
    ];
    backend.codes.set("SF1.PICKUP", { kind: "pickup", pickup: { pickup_id: "pk-W-1234", order_number: "W-1234", status: "ready" } });
    backend.counter.qrs.set("SF1.PICKUP", "pk-W-1234");
    await start();
    const scanInput = $<HTMLInputElement>("#scan-input");
    scanInput.value = "SF1.PICKUP";
    press(scanInput, "Enter");
    await vi.advanceTimersByTimeAsync(0);
    await vi.waitFor(() => expect(isShown($("#pickup-detail"))).toBe(true));
    expect($("#pickup-detail").dataset.status).toBe("ready");
    expect($("#verified").dataset.method).toBe("pickup_qr");
    expect(document.querySelector("#verify-code")).toBeNull();

    const coffeeLine = $('.handover-line[data-line-no="1"][data-product-id="p-coffee"]');
    coffeeLine.querySelector<HTMLButtonElement>(".handover-refuse")!.click();
    expect($('.handover-line[data-product-id="p-coffee"] .refused-count').textContent).toBe("1 refused");
    $<HTMLSelectElement>('.handover-line[data-product-id="p-coffee"] .refusal-reason').value = "damaged";
    $<HTMLButtonElement>("#handover-confirm").click();
    await vi.advanceTimersByTimeAsync(0);
    await vi.waitFor(() => expect(document.querySelector("#pickup-done")).not.toBeNull());
    expect(text("#pickup-done")).toContain("12.50 EUR");
    expect(text("#pickup-done")).toContain("1 refused");
    expect($("#pickup-detail").dataset.status).toBe("picked_up");
    const made = backend.counter.handovers[0]!.input;
    expect(made.verification).toMatchObject({ method: "pickup_qr", qr_text: "SF1.PICKUP" });
    expect(made.refusals).toEqual([{ line_no: 1, product_id: "p-coffee", units: 1, reason: "damaged" }]);
  });

  it("refuses a forged pickup QR scanned into the pick scan box, and keeps the order open", async () => {
    order("W-1234", "picking");
    backend.counter.qrs.set("SF1.GENUINE", "pk-W-1234");
    await openPickups();
    rows()[0]!.click();
    await vi.advanceTimersByTimeAsync(0);
    await typeScan("SF1.FORGED");
    expect(text("#pick-message")).toContain("not genuine");
    expect($("#pick-message").dataset.code).toBe("refused_code");
    expect($("#pickup-detail").dataset.pickupId).toBe("pk-W-1234");
    expect(document.querySelector("#verified")).toBeNull();
  });

  it("finds an order by name, verifies by the order number's last 4 digits and hands everything over", async () => {
    order("W-1234", "ready");
    order("W-5678", "new");
    backend.pickups[1]!.customer_name = "Grace Hopper";
    backend.counter.details.get("pk-W-1234")!.handover = [{ line_no: 1, product_id: "p-coffee", product_name: coffee.name, units: 2 }];
    await openPickups();
    const find = $<HTMLInputElement>("#pickup-find");
    find.value = "ada";
    press(find, "Enter");
    await vi.advanceTimersByTimeAsync(0);
    expect(rows().map((r) => r.dataset.orderNumber)).toEqual(["W-1234"]);
    rows()[0]!.click();
    await vi.advanceTimersByTimeAsync(0);
    expect($<HTMLButtonElement>("#handover-confirm").disabled).toBe(true);

    $<HTMLInputElement>("#verify-code").value = "9999";
    $<HTMLButtonElement>("#verify-code-confirm").click();
    await vi.advanceTimersByTimeAsync(0);
    expect(text("#pick-message")).toContain("does not match");
    expect($<HTMLButtonElement>("#handover-confirm").disabled).toBe(true);
    $<HTMLInputElement>("#verify-code").value = "1234";
    press($("#verify-code"), "Enter");
    await vi.advanceTimersByTimeAsync(0);
    expect($("#verified").dataset.method).toBe("order_code");
    expect($<HTMLButtonElement>("#handover-confirm").disabled).toBe(false);
    $<HTMLButtonElement>("#handover-confirm").click();
    await vi.advanceTimersByTimeAsync(0);
    await vi.waitFor(() => expect(document.querySelector("#pickup-done")).not.toBeNull());
    expect(text("#pickup-done")).toBe("Order W-1234 handed over: 2 item(s).");

    // Something comes back at once: the same counter opens the order's return.
    backend.returnOrders = [returnOrder({ order_id: "o-W-1234", number: "W-1234" })];
    $<HTMLButtonElement>("#pickup-return").click();
    await vi.advanceTimersByTimeAsync(0);
    await vi.waitFor(() => expect($("#return-order").dataset.orderId).toBe("o-W-1234"));
    expect(isShown($("#returns"))).toBe(true);
    expect(isShown($("#pickups"))).toBe(false);
  });

  function choose(number: string): void {
    const box = $<HTMLInputElement>(`tr.pickup-row[data-order-number="${number}"] .pickup-choose`);
    box.click();
  }

  it("picks two orders together: one line per product with each order's units, then back to the queue", async () => {
    order("W-1");
    order("W-2");
    order("W-3");
    backend.counter.details.get("pk-W-2")!.lines = pickupDetail(pickup("W-2"), [[coffee, 3], [mug, 1]]).lines;
    await openPickups();
    const batchButton = $<HTMLButtonElement>("#pickup-batch");
    expect(batchButton.disabled).toBe(true);
    expect(rows().every((r) => r.querySelector(".pickup-choose") instanceof HTMLInputElement)).toBe(true);

    // Choosing does not open the order, and a first choice alone is not a batch.
    choose("W-1");
    await vi.advanceTimersByTimeAsync(0);
    expect(isShown($("#pickup-detail"))).toBe(false);
    expect(batchButton.disabled).toBe(true);
    choose("W-2");
    expect(batchButton.disabled).toBe(false);

    // The choice survives a refresh of the queue.
    await vi.advanceTimersByTimeAsync(2000);
    expect(rows().map((r) => r.querySelector<HTMLInputElement>(".pickup-choose")!.checked)).toEqual([true, true, false]);
    expect(batchButton.disabled).toBe(false);

    batchButton.click();
    await vi.advanceTimersByTimeAsync(0);
    expect(backend.calls.find((c) => c.cmd === "pickup_batch_list")?.args.pickupIds).toEqual(["pk-W-1", "pk-W-2"]);
    expect(isShown($("#batch-list"))).toBe(true);
    expect(isShown($("#pickups-table"))).toBe(false);
    const lines = $$(".batch-line");
    expect(lines.map((l) => l.dataset.productId)).toEqual(["p-coffee", "p-cocoa", "p-mug"]);
    const coffeeLine = $('.batch-line[data-product-id="p-coffee"]');
    expect(coffeeLine.querySelector(".batch-product")?.textContent).toBe(coffee.name);
    expect(coffeeLine.querySelector(".batch-units")?.textContent).toBe("5 unit(s)");
    expect(
      Array.from(coffeeLine.querySelectorAll<HTMLElement>(".batch-order")).map((o) => [o.dataset.orderNumber, o.querySelector(".batch-order-units")?.textContent]),
    ).toEqual([
      ["W-1", "× 2"],
      ["W-2", "× 3"],
    ]);
    expect($('.batch-line[data-product-id="p-mug"] .batch-units').textContent).toBe("1 unit(s)");

    $<HTMLButtonElement>("#batch-close").click();
    expect(isShown($("#batch-list"))).toBe(false);
    expect(isShown($("#pickups-table"))).toBe(true);
    expect(document.activeElement).toBe(batchButton);
  });

  it("chooses a row with the keyboard without opening it; Enter on the row still opens it", async () => {
    order("W-1");
    order("W-2");
    await openPickups();
    const box = rows()[0]!.querySelector<HTMLInputElement>(".pickup-choose")!;
    expect(box.tabIndex).toBe(0);
    box.focus();
    await vi.advanceTimersByTimeAsync(2000); // a refresh rebuilds the rows
    expect(document.activeElement).toBe(rows()[0]!.querySelector(".pickup-choose"));
    expect(document.activeElement).not.toBe(box);
    const rebuilt = document.activeElement!;
    expect(press(rebuilt, " ").defaultPrevented).toBe(false);
    expect(press(rebuilt, "Enter").defaultPrevented).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(isShown($("#pickup-detail"))).toBe(false);
    rows()[1]!.querySelector<HTMLElement>("td")!.click();
    await vi.advanceTimersByTimeAsync(0);
    expect($("#pickup-detail").dataset.pickupId).toBe("pk-W-2");
  });

  it("shows why a pick list could not be made, and stays on the queue", async () => {
    order("W-1");
    order("W-2");
    await openPickups();
    choose("W-1");
    choose("W-2");
    backend.gate = (cmd) =>
      cmd === "pickup_batch_list" ? Promise.reject({ code: "internal", message: "the replica is busy" }) : undefined;
    $<HTMLButtonElement>("#pickup-batch").click();
    await vi.advanceTimersByTimeAsync(0);
    expect(text("#pickups-error")).toBe("Pick list not made: the replica is busy");
    expect(isShown($("#batch-list"))).toBe(false);
    expect(isShown($("#pickups-table"))).toBe(true);
    expect($<HTMLButtonElement>("#pickup-batch").disabled).toBe(false);
  });

  it("filters the queue by status", async () => {
    order("W-1", "new");
    order("W-2", "ready");
    await openPickups();
    expect(rows()).toHaveLength(2);
    const status = $<HTMLSelectElement>("#pickup-filter-status");
    status.value = "ready";
    status.dispatchEvent(new Event("change"));
    await vi.advanceTimersByTimeAsync(0);
    expect(rows().map((r) => r.dataset.status)).toEqual(["ready"]);
    expect(backend.calls.find((c) => c.cmd === "pickup_queue_filtered")?.args.filter).toEqual({ status: "ready", min_age_hours: null });
    expect($$("#pickup-filter-age option").length).toBeGreaterThan(1);
  });
});
