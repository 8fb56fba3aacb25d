import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { startApp, type AppHandle } from "../src/app";
import { FakeBackend, syncView } from "./fakeBackend";
import { $, $$, freshRoot, isShown, press, text } from "./page";

let backend: FakeBackend;
let app: AppHandle | null = null;
let root: HTMLElement;

async function start(): Promise<void> {
  app = startApp(root, { statusPollMs: 1000, pickupPollMs: 0, searchDebounceMs: 10, highlightMs: 50 });
  await app.ready;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2025-01-01T10:05:00Z"));
  root = freshRoot();
  backend = new FakeBackend().install();
});

afterEach(() => {
  app?.destroy();
  app = null;
  clearMocks();
  vi.useRealTimers();
});

describe("status bar", () => {
  it("follows the sync state every second and shows why syncing fails", async () => {
    backend.sync = syncView({
      state: "offline",
      message: "Offline — working locally, retrying · 3 events waiting (oldest 10 min)",
      detail: "https://hub.example:8443 cannot be reached: connection refused",
      waiting_events: 3,
      oldest_waiting_secs: 600,
    });
    await start();

    const status = $("#sync-status");
    expect(status.dataset.state).toBe("offline");
    expect(status.classList.contains("sync-offline")).toBe(true);
    expect(text("#sync-message")).toBe("Offline — working locally, retrying · 3 events waiting (oldest 10 min)");
    expect(isShown($("#sync-detail"))).toBe(true);
    expect(text("#sync-detail")).toBe("https://hub.example:8443 cannot be reached: connection refused");
    expect(text("#sync-waiting")).toBe("3 events waiting (oldest 10 min)");
    expect($("#sync-waiting").dataset.count).toBe("3");
    expect(text("#sync-last-success")).toMatch(/^Last synced \d\d:\d\d \(5 min ago\)$/);

    backend.sync = syncView({ state: "online", message: "Online", last_success_at: "2025-01-01T10:05:00Z" });
    await vi.advanceTimersByTimeAsync(999);
    expect(status.dataset.state).toBe("offline");
    await vi.advanceTimersByTimeAsync(1);
    expect(status.dataset.state).toBe("online");
    expect(status.classList.contains("sync-online")).toBe(true);
    expect(status.classList.contains("sync-offline")).toBe(false);
    expect(text("#sync-message")).toBe("Online");
    expect(isShown($("#sync-detail"))).toBe(false);
    expect(text("#sync-detail")).toBe("");
    expect(text("#sync-waiting")).toBe("Nothing waiting to sync");
    expect(text("#sync-last-success")).toMatch(/^Last synced \d\d:\d\d \(just now\)$/);
    expect(backend.commandNames()).toEqual(["register_state", "sync_status"]);

    await vi.advanceTimersByTimeAsync(3000);
    expect(backend.commandNames().filter((c) => c === "sync_status")).toHaveLength(4);
  });

  it("keeps the last state, flagged and explained, when the status cannot be read", async () => {
    await start();
    backend.gate = (cmd) =>
      cmd === "sync_status" ? Promise.reject({ code: "internal", message: "the app is busy" }) : undefined;
    await vi.advanceTimersByTimeAsync(1000);
    const status = $("#sync-status");
    expect(status.dataset.state).toBe("online");
    expect(status.dataset.stale).toBe("true");
    expect(text("#sync-detail")).toBe("Status not updated: the app is busy");

    backend.gate = null;
    await vi.advanceTimersByTimeAsync(1000);
    expect(status.hasAttribute("data-stale")).toBe(false);
    expect(isShown($("#sync-detail"))).toBe(false);
  });

  it("counts open conflicts on the conflicts button", async () => {
    await start();
    const button = $<HTMLButtonElement>("#conflicts-button");
    expect(button.textContent).toBe("No conflicts");
    expect(button.dataset.count).toBe("0");
    expect(button.disabled).toBe(false);
    expect(button.tabIndex).toBe(0);
    button.focus();
    expect(document.activeElement).toBe(button);

    backend.sync = syncView({ open_conflicts: 2 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(button.textContent).toBe("Conflicts (2)");
    expect(button.dataset.count).toBe("2");
  });
});

describe("conflicts panel", () => {
  beforeEach(() => {
    backend.sync = syncView({ open_conflicts: 2 });
    backend.conflictList = [
      {
        id: 7,
        event_id: "ev-1",
        kind: "stock conflict",
        message: "Coffee Mug: the hub has 0 in stock, this sale sold 2",
        reported_at: "2025-01-01T09:50:00Z",
      },
      {
        id: 8,
        event_id: "ev-2",
        kind: "refused",
        message: "The price of Tote Bag changed before this sale reached the hub",
        reported_at: "2025-01-01T10:01:00Z",
      },
    ];
  });

  it("opens with Enter, lists the conflicts, traps Tab and closes with Escape back to the button", async () => {
    await start();
    const button = $<HTMLButtonElement>("#conflicts-button");
    button.focus();
    expect(press(button, "Enter").defaultPrevented).toBe(true);

    const panel = $("#conflicts-panel");
    expect(panel.getAttribute("role")).toBe("dialog");
    expect(panel.getAttribute("aria-modal")).toBe("true");
    expect(button.getAttribute("aria-expanded")).toBe("true");
    expect(panel.contains(document.activeElement)).toBe(true);

    await vi.advanceTimersByTimeAsync(0);
    expect(backend.commandNames()).toContain("conflicts");
    const items = $$("#conflicts-panel li.conflict");
    expect(items).toHaveLength(2);
    expect(items[0]!.querySelector(".conflict-kind")?.textContent).toBe("stock conflict");
    expect(items[0]!.querySelector(".conflict-message")?.textContent).toBe(
      "Coffee Mug: the hub has 0 in stock, this sale sold 2",
    );
    expect(items[0]!.querySelector(".conflict-time")?.textContent).toMatch(/^\d\d:\d\d \(15 min ago\)$/);
    expect(items[0]!.querySelector(".conflict-time")?.getAttribute("datetime")).toBe("2025-01-01T09:50:00Z");
    expect(items[1]!.querySelector(".conflict-kind")?.textContent).toBe("refused");
    expect(isShown($("#conflicts-empty"))).toBe(false);

    // Tab stays inside the panel.
    const close = $<HTMLButtonElement>("#conflicts-close");
    expect(press(close, "Tab").defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(close);
    expect(press(close, "Tab", { shiftKey: true }).defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(close);

    // Shortcuts wait while the panel is open.
    press(close, "2", { altKey: true, code: "Digit2" });
    expect($("#tab-register").getAttribute("aria-selected")).toBe("true");

    press(document.activeElement!, "Escape");
    expect(document.querySelector("#conflicts-panel")).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(button.getAttribute("aria-expanded")).toBe("false");
  });

  it("opens with Space too, and #conflicts-close closes it", async () => {
    await start();
    const button = $<HTMLButtonElement>("#conflicts-button");
    button.focus();
    press(button, " ");
    expect($("#conflicts-panel")).toBeTruthy();
    press(button, " "); // a second activation does not open a second panel
    expect($$("#conflicts-panel")).toHaveLength(1);
    $<HTMLButtonElement>("#conflicts-close").click();
    expect(document.querySelector("#conflicts-panel")).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it("says when there are no conflicts", async () => {
    backend.sync = syncView();
    backend.conflictList = [];
    await start();
    $<HTMLButtonElement>("#conflicts-button").click();
    await vi.advanceTimersByTimeAsync(0);
    expect(isShown($("#conflicts-empty"))).toBe(true);
    expect(text("#conflicts-empty")).toContain("No conflicts");
    expect($$("li.conflict")).toHaveLength(0);
  });

  it("shows why the list could not be loaded", async () => {
    await start();
    backend.gate = (cmd) =>
      cmd === "conflicts" ? Promise.reject({ code: "internal", message: "The conflicts cannot be read" }) : undefined;
    $<HTMLButtonElement>("#conflicts-button").click();
    await vi.advanceTimersByTimeAsync(0);
    expect(text("#conflicts-error")).toBe("The conflicts cannot be read");
    expect(isShown($("#conflicts-error"))).toBe(true);
    expect(isShown($("#conflicts-empty"))).toBe(false);
  });
});
