import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { startApp, type AppHandle } from "../src/app";
import { FakeBackend, pickup } from "./fakeBackend";
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
