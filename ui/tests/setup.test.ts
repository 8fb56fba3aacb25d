import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import type { SyncState } from "../src/bindings";
import { startApp, type AppHandle } from "../src/app";
import { FakeBackend, syncView } from "./fakeBackend";
import { $, freshRoot, isShown, text } from "./page";

let backend: FakeBackend;
let app: AppHandle | null = null;
let root: HTMLElement;

async function start(): Promise<void> {
  app = startApp(root, { setupPollMs: 500, statusPollMs: 0, pickupPollMs: 0, searchDebounceMs: 10, highlightMs: 50 });
  await app.ready;
}

function syncPolls(): number {
  return backend.commandNames().filter((c) => c === "sync_status").length;
}

beforeEach(() => {
  vi.useFakeTimers();
  root = freshRoot();
  backend = new FakeBackend().install();
});

afterEach(() => {
  app?.destroy();
  app = null;
  clearMocks();
  vi.useRealTimers();
});

describe("setting up the device", () => {
  it("shows enrolling, then the snapshot progress, then opens the register", async () => {
    backend.setUpAfterSyncPolls = 4;
    backend.syncSequence = [
      syncView({
        state: "offline",
        message: "Connecting to the hub…",
        detail: "enrolling with the hub: https://hub.example:8443 cannot be reached",
        last_success_at: null,
      }),
      syncView({
        bootstrap: { section: "products", done: 120, total: 500 },
        message: "Setting up: loading products 120 / 500",
      }),
      // Online, nothing loading, but the store data is not there yet: keep waiting.
      syncView({ message: "Online" }),
    ];
    await start();

    const setup = $("#setup");
    expect(setup.tagName).toBe("MAIN");
    expect(setup.textContent).toContain("Setting up this device");
    expect(text("#setup-message")).toBe("Connecting to the hub…");
    const progress = $<HTMLProgressElement>("#setup-progress");
    expect(progress.hasAttribute("value")).toBe(false); // indeterminate
    expect(progress.hasAttribute("data-section")).toBe(false);
    expect(isShown($("#setup-detail"))).toBe(true);
    expect(text("#setup-detail")).toBe("enrolling with the hub: https://hub.example:8443 cannot be reached");
    expect(isShown($("#setup-retry"))).toBe(false);
    expect(isShown($("#setup-hint"))).toBe(false);
    expect(document.querySelector("#startup-error")).toBeNull();
    expect(document.querySelector("#register")).toBeNull();

    await vi.advanceTimersByTimeAsync(500);
    expect(text("#setup-message")).toBe("Setting up: loading products 120 / 500");
    expect(progress.value).toBe(120);
    expect(progress.max).toBe(500);
    expect(progress.dataset.section).toBe("products");
    expect(text("#setup-progress-text")).toBe("Loading products: 120 of 500");
    expect(isShown($("#setup-detail"))).toBe(false);
    // While the snapshot loads, the register state is not asked for.
    expect(backend.commandNames()).toEqual(["register_state", "sync_status", "sync_status"]);

    await vi.advanceTimersByTimeAsync(500);
    expect(backend.commandNames().slice(-2)).toEqual(["sync_status", "register_state"]);
    expect(document.querySelector("#register")).toBeNull();
    expect($("#setup").dataset.state).toBe("online");

    await vi.advanceTimersByTimeAsync(500);
    expect(document.querySelector("#setup")).toBeNull();
    expect($("#register")).toBeTruthy();
    expect(text("#store-name")).toBe("Berlin Mitte");
    expect(document.activeElement).toBe($("#scan-input"));

    const polls = syncPolls();
    await vi.advanceTimersByTimeAsync(3000);
    expect(syncPolls()).toBe(polls); // the setup screen stopped polling
  });

  it.each<[SyncState, string, string]>([
    ["local_only", "Local data only (no hub connected)", "No hub is configured: start Shopfloor with --hub"],
    ["revoked", "This device was revoked at the hub: syncing stopped. Ask IT to enrol it again.", "the hub answered 401"],
  ])("stops and offers Try again when the state is %s", async (state, message, detail) => {
    backend.setUpAfterSyncPolls = Number.MAX_SAFE_INTEGER;
    backend.sync = syncView({ state, message, detail, last_success_at: null });
    await start();

    expect($("#setup").dataset.state).toBe(state);
    expect(text("#setup-message")).toBe(message);
    expect(text("#setup-detail")).toBe(detail);
    expect(isShown($("#setup-detail"))).toBe(true);
    const retry = $<HTMLButtonElement>("#setup-retry");
    expect(isShown(retry)).toBe(true);
    expect(retry.textContent).toBe("Try again");
    expect(document.activeElement).toBe(retry);
    expect(isShown($("#setup-progress"))).toBe(false);
    expect(isShown($("#setup-hint"))).toBe(true);
    expect(text("#setup-hint")).toMatch(/try again\.$/);

    await vi.advanceTimersByTimeAsync(5000);
    expect(syncPolls()).toBe(1); // no spinning

    // Try again: still not set up, so the setup screen comes back.
    retry.click();
    await vi.advanceTimersByTimeAsync(0);
    expect(backend.commandNames()).toEqual(["register_state", "sync_status", "register_state", "sync_status"]);
    expect(isShown($("#setup-retry"))).toBe(true);

    // Once the device has its data, Try again opens the register.
    backend.setUpAfterSyncPolls = null;
    $<HTMLButtonElement>("#setup-retry").click();
    await vi.advanceTimersByTimeAsync(0);
    expect(document.querySelector("#setup")).toBeNull();
    expect($("#register")).toBeTruthy();
  });

  it("shows a status failure and keeps trying", async () => {
    backend.setUpAfterSyncPolls = 2;
    let failures = 1;
    backend.gate = (cmd) =>
      cmd === "sync_status" && failures-- > 0
        ? Promise.reject({ code: "internal", message: "The sync status is not available yet" })
        : undefined;
    await start();
    expect(text("#setup-error")).toBe("The sync status is not available yet");
    expect($("#setup-error").getAttribute("role")).toBe("alert");

    // The next poll answers (the fake's first counted poll): online, but register_state is still not_set_up.
    await vi.advanceTimersByTimeAsync(500);
    expect(isShown($("#setup-error"))).toBe(false);
    expect(document.querySelector("#register")).toBeNull();
    await vi.advanceTimersByTimeAsync(500);
    expect($("#register")).toBeTruthy();
  });

  it("shows the start-up error when the register state fails for another reason", async () => {
    backend.setUpAfterSyncPolls = 1;
    backend.gate = (cmd) =>
      cmd === "register_state" && backend.syncPolls > 0
        ? Promise.reject({ code: "database_corrupt", message: "The device database is damaged" })
        : undefined;
    await start();
    await vi.advanceTimersByTimeAsync(0);
    expect(document.querySelector("#setup")).toBeNull();
    expect($("#startup-error").dataset.code).toBe("database_corrupt");
    expect(text("#startup-error-message")).toBe("The device database is damaged");
  });

  it("stops polling when destroyed", async () => {
    backend.setUpAfterSyncPolls = Number.MAX_SAFE_INTEGER;
    backend.sync = syncView({ state: "offline", message: "Connecting to the hub…" });
    await start();
    await vi.advanceTimersByTimeAsync(1000);
    const polls = syncPolls();
    expect(polls).toBe(3);
    app!.destroy();
    app = null;
    await vi.advanceTimersByTimeAsync(5000);
    expect(syncPolls()).toBe(polls);
  });
});
