import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { startApp, type AppHandle } from "../src/app";
import { FakeBackend, zReport } from "./fakeBackend";
import { $, $$, isShown, press, text, freshRoot, type } from "./page";

let backend: FakeBackend;
let app: AppHandle | null = null;
let root: HTMLElement;

async function start(configure?: (b: FakeBackend) => void): Promise<void> {
  configure?.(backend);
  app = startApp(root, { statusPollMs: 0, pickupPollMs: 0, searchDebounceMs: 10, highlightMs: 50 });
  await app.ready;
}


function lastCall(): { cmd: string; args: Record<string, unknown> } | undefined {
  return backend.calls[backend.calls.length - 1];
}

/** Opens the panel with the Drawer button and waits for the drawer's state. */
async function openPanel(): Promise<void> {
  $<HTMLButtonElement>("#nav-drawer").click();
  await vi.waitFor(() => expect(document.querySelector("#drawer-status")).not.toBeNull());
}

function openWith(b: FakeBackend, float: number, sales = 0): void {
  b.drawerOpen = { float, sales, cashIn: 0, cashOut: 0, openedAt: "2025-01-01T08:00:00Z" };
}

beforeEach(() => {
  root = freshRoot();
  backend = new FakeBackend().install();
});

afterEach(() => {
  app?.destroy();
  app = null;
  clearMocks();
  vi.restoreAllMocks();
});

describe("the cash drawer", () => {
  it("opens from the Drawer button with a float typed and Enter, and closes with Escape back to the button", async () => {
    await start();
    const button = $<HTMLButtonElement>("#nav-drawer");
    expect(button.getAttribute("aria-keyshortcuts")).toBe("F8");
    button.focus();
    await openPanel();
    expect(isShown($("#drawer-panel"))).toBe(true);
    expect(lastCall()?.cmd).toBe("drawer_state");
    expect($("#drawer-status").dataset.state).toBe("closed");
    expect(document.activeElement).toBe($("#drawer-float"));

    type($<HTMLInputElement>("#drawer-float"), "100");
    press($("#drawer-float"), "Enter");
    await vi.waitFor(() => expect($("#drawer-status").dataset.state).toBe("open"));
    expect(lastCall()).toEqual({ cmd: "open_drawer", args: { floatMinor: 10000 } });
    expect(text("#drawer-expected")).toBe("100.00 EUR");
    expect(text("#drawer-status")).toContain("opened by till-1");
    expect(document.activeElement).toBe($("#drawer-amount"));

    press(document.activeElement!, "Escape");
    expect(document.querySelector("#drawer-panel")).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it("opens with F8 from anywhere; other shortcuts wait while it is open", async () => {
    await start((b) => openWith(b, 5000));
    press(document.activeElement ?? document.body, "F8");
    await vi.waitFor(() => expect(document.querySelector("#drawer-status")).not.toBeNull());
    expect($("#drawer-status").dataset.state).toBe("open");
    press(document.activeElement!, "F2");
    expect($("#drawer-panel").contains(document.activeElement)).toBe(true);
    $<HTMLButtonElement>("#drawer-done").click();
    expect(document.querySelector("#drawer-overlay")).toBeNull();
  });

  it("takes cash in and out with a reason, and shows why a cash out is refused", async () => {
    await start((b) => openWith(b, 10000));
    await openPanel();
    type($<HTMLInputElement>("#drawer-amount"), "20");
    type($<HTMLInputElement>("#drawer-reason"), "Change from the safe");
    $<HTMLButtonElement>("#drawer-cash-in").click();
    await vi.waitFor(() => expect(text("#drawer-expected")).toBe("120.00 EUR"));
    expect(lastCall()).toEqual({ cmd: "drawer_cash", args: { kind: "in", amountMinor: 2000, reason: "Change from the safe" } });

    type($<HTMLInputElement>("#drawer-amount"), "500,00");
    type($<HTMLInputElement>("#drawer-reason"), "Drop to the safe");
    $<HTMLButtonElement>("#drawer-cash-out").click();
    await vi.waitFor(() => expect(isShown($("#drawer-error"))).toBe(true));
    expect(text("#drawer-error")).toBe("500.00 EUR is more than the 120.00 EUR the drawer should hold; take out at most that.");
    expect($("#drawer-error").dataset.code).toBe("invalid_input");
    expect(text("#drawer-expected")).toBe("120.00 EUR");

    type($<HTMLInputElement>("#drawer-amount"), "12.345");
    const calls = backend.calls.length;
    $<HTMLButtonElement>("#drawer-cash-out").click();
    expect(text("#drawer-error")).toBe("Type the amount in units and 2 decimals at most, e.g. 100.00.");
    expect(backend.calls.length).toBe(calls);
    expect(document.activeElement).toBe($("#drawer-amount"));

    type($<HTMLInputElement>("#drawer-amount"), "20");
    $<HTMLButtonElement>("#drawer-cash-out").click();
    await vi.waitFor(() => expect(text("#drawer-expected")).toBe("100.00 EUR"));
    expect(isShown($("#drawer-error"))).toBe(false);
    expect(lastCall()?.args).toEqual({ kind: "out", amountMinor: 2000, reason: "Drop to the safe" });
  });

  it("closes with the counted cash, showing expected and over or short as it is typed and after", async () => {
    await start((b) => openWith(b, 10000, 1250));
    await openPanel();
    expect(text("#drawer-expected")).toBe("112.50 EUR");
    expect(text("#drawer-over-short")).toBe("Expected 112.50 EUR");
    type($<HTMLInputElement>("#drawer-counted"), "112");
    expect(text("#drawer-over-short")).toBe("Expected 112.50 EUR · counted 112.00 EUR · Short by 0.50 EUR");
    expect($("#drawer-over-short").dataset.overShort).toBe("-50");
    type($<HTMLInputElement>("#drawer-counted"), "113.5");
    expect(text("#drawer-over-short")).toBe("Expected 112.50 EUR · counted 113.50 EUR · Over by 1.00 EUR");
    type($<HTMLInputElement>("#drawer-counted"), "112");
    press($("#drawer-counted"), "Enter");
    await vi.waitFor(() => expect(document.querySelector("#drawer-result")).not.toBeNull());
    expect(lastCall()).toEqual({ cmd: "close_drawer", args: { countedMinor: 11200 } });
    expect(text("#drawer-result-text")).toBe("Short by 0.50 EUR");
    expect($("#drawer-result").dataset.overShort).toBe("-50");
    expect(text("#drawer-result")).toContain("Expected 112.50 EUR · counted 112.00 EUR");
    expect($("#drawer-status").dataset.state).toBe("closed");
    expect(document.activeElement).toBe($("#drawer-float"));

    // Closing again: the panel is closed and opened once more, the last close still shows.
    $<HTMLButtonElement>("#drawer-done").click();
    await openPanel();
    expect(text("#drawer-result")).toContain("Last closed");
    expect(text("#drawer-result-text")).toBe("Short by 0.50 EUR");
  });

  it("shows the Z report of a day and prints it alone", async () => {
    await start((b) => (b.zReportView = zReport("2025-01-01")));
    await openPanel();
    expect(isShown($("#z-report"))).toBe(false);
    expect(isShown($("#z-report-print"))).toBe(false);
    type($<HTMLInputElement>("#z-report-day"), "2025-01-01");
    $<HTMLButtonElement>("#z-report-show").click();
    await vi.waitFor(() => expect(isShown($("#z-report"))).toBe(true));
    expect(lastCall()).toEqual({ cmd: "z_report", args: { day: "2025-01-01" } });
    expect(text("#z-report-title")).toBe("Z report — Berlin Mitte (BER01) — 2025-01-01");
    expect($("#z-report").dataset.day).toBe("2025-01-01");
    expect(text("#z-report-sale-count")).toBe("2");
    expect($$("#z-report-sales tr.z-tender").map((r) => [r.dataset.kind, r.querySelector("td")?.textContent])).toEqual([
      ["cash", "12.50 EUR"],
      ["card", "30.00 EUR"],
      ["store_credit", "0.00 EUR"],
      ["loyalty", "0.00 EUR"],
    ]);
    expect(text("#z-report-expected")).toBe("112.50 EUR");
    expect(text("#z-report-counted")).toBe("112.00 EUR");
    expect(text("#z-report-over-short")).toBe("Short 0.50 EUR");
    expect($$("#z-report-sessions tr.z-session")).toHaveLength(1);
    expect(document.activeElement).toBe($("#z-report-print"));

    const print = vi.fn();
    vi.spyOn(window, "print").mockImplementation(print);
    $<HTMLButtonElement>("#z-report-print").click();
    expect(print).toHaveBeenCalledOnce();
    expect(document.body.classList.contains("print-z-report")).toBe(true);
    window.dispatchEvent(new Event("afterprint"));
    expect(document.body.classList.contains("print-z-report")).toBe(false);

    // No day typed: today's report.
    type($<HTMLInputElement>("#z-report-day"), "");
    $<HTMLButtonElement>("#z-report-show").click();
    await vi.waitFor(() => expect(lastCall()).toEqual({ cmd: "z_report", args: { day: null } }));
  });

  it("a report of a day whose drawer is still open has no count yet", async () => {
    await start((b) => {
      b.zReportView = zReport("2025-01-01", {
        counted: null,
        over_short: null,
        sessions: [{ ...zReport("2025-01-01").sessions[0]!, closed_at: null, closed_by: null, counted: null, over_short: null }],
      });
    });
    await openPanel();
    $<HTMLButtonElement>("#z-report-show").click();
    await vi.waitFor(() => expect(isShown($("#z-report"))).toBe(true));
    expect(text("#z-report-counted")).toBe("drawer still open");
    expect(text("#z-report-over-short")).toBe("—");
    expect($("#z-report-sessions tr.z-session").dataset.open).toBe("true");
  });

  it("refuses to open twice with the reason", async () => {
    await start();
    await openPanel();
    // Another window (or a restart) opened it meanwhile.
    openWith(backend, 100);
    type($<HTMLInputElement>("#drawer-float"), "50");
    $<HTMLButtonElement>("#drawer-open").click();
    await vi.waitFor(() => expect(isShown($("#drawer-error"))).toBe(true));
    expect(text("#drawer-error")).toBe("The drawer is already open; close it before opening it again.");
    expect($("#drawer-status").dataset.state).toBe("closed");
  });
});
