import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { startApp, type AppHandle } from "../src/app";
import { FakeBackend, money } from "./fakeBackend";
import { $, $$, freshRoot, isShown, press, scan } from "./page";

const COFFEE = "4006381333931";
const MUG = "4098765432109";

let backend: FakeBackend;
let app: AppHandle | null = null;
let root: HTMLElement;

async function start(): Promise<void> {
  app = startApp(root, { statusPollMs: 0, pickupPollMs: 0, searchDebounceMs: 10, highlightMs: 50 });
  await app.ready;
}

function cartLines(): HTMLTableRowElement[] {
  return $$<HTMLTableRowElement>("#cart tr.cart-line");
}

function lastCall(): { cmd: string; args: Record<string, unknown> } | undefined {
  return backend.calls[backend.calls.length - 1];
}

function items(): HTMLLIElement[] {
  return $$<HTMLLIElement>("#parked-carts li.parked-cart");
}

async function openList(): Promise<void> {
  $("#open-parked-carts").click();
  await vi.waitFor(() => expect($("#parked-carts").hasAttribute("aria-busy")).toBe(false));
}

beforeEach(() => {
  root = freshRoot();
  backend = new FakeBackend().install();
});

afterEach(() => {
  app?.destroy();
  app = null;
  clearMocks();
});

describe("parking the sale", () => {
  it("parks the cart under its label, empties the sale and says where to find it", async () => {
    await start();
    expect($<HTMLButtonElement>("#park-cart").disabled).toBe(true);
    await scan(backend, COFFEE);
    await scan(backend, MUG);
    expect($<HTMLButtonElement>("#park-cart").disabled).toBe(false);
    $<HTMLInputElement>("#park-label").value = "  Anna, blue coat ";
    $("#park-cart").click();

    await vi.waitFor(() => expect(cartLines()).toHaveLength(0));
    expect(lastCall()).toEqual({ cmd: "park_cart", args: { label: "Anna, blue coat" } });
    expect($("#park-status").textContent).toBe("Parked “Anna, blue coat” (2 items). Resume it from Parked carts (F6).");
    expect($<HTMLInputElement>("#park-label").value).toBe("");
    expect($<HTMLButtonElement>("#park-cart").disabled).toBe(true);
    expect(document.activeElement).toBe($("#scan-input"));
  });

  it("F7 goes to the label, Enter parks (without a label too), Escape goes back to the scan box", async () => {
    await start();
    press(document.body, "F7");
    expect(document.activeElement).not.toBe($("#park-label")); // nothing to park yet
    await scan(backend, COFFEE);
    expect(press(document.body, "F7").defaultPrevented).toBe(true);
    const label = $<HTMLInputElement>("#park-label");
    expect(document.activeElement).toBe(label);
    press(label, "Escape");
    expect(document.activeElement).toBe($("#scan-input"));

    press(document.body, "F7");
    press(label, "Enter");
    await vi.waitFor(() => expect(cartLines()).toHaveLength(0));
    expect(lastCall()).toEqual({ cmd: "park_cart", args: { label: null } });
    expect(backend.parked[0]?.units).toBe(1);
  });

  it("shows a refused park in the message area and keeps the sale", async () => {
    await start();
    await scan(backend, COFFEE);
    $<HTMLInputElement>("#park-label").value = "x".repeat(70); // typed past maxlength by a script
    $("#park-cart").click();
    await vi.waitFor(() => expect($("#message").dataset.code).toBe("invalid_input"));
    expect($("#message").textContent).toContain("at most 60 characters");
    expect(cartLines()).toHaveLength(1);
    expect(backend.parked).toHaveLength(0);
  });
});

describe("the parked carts list", () => {
  it("lists the store's parked carts, newest first, with where they were parked and what waits to sync", async () => {
    backend.parked = [
      {
        id: "k2",
        label: null,
        customer_name: "Grace Hopper",
        parked_at: "2026-11-01T08:10:00Z",
        parked_by: "d2",
        register: "Till 2",
        here: false,
        waiting_to_sync: false,
        units: 3,
        total: money(2400),
        lines: [{ product_id: "p-mug", name: "Coffee Mug", quantity: 3, label: null }],
      },
    ];
    await start();
    await scan(backend, COFFEE);
    $<HTMLInputElement>("#park-label").value = "Anna";
    $("#park-cart").click();
    await vi.waitFor(() => expect(cartLines()).toHaveLength(0));

    expect(press(document.body, "F6").defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(items()).toHaveLength(2));
    const [anna, grace] = items();
    expect(anna!.dataset.id).toBe("parked-1");
    expect(anna!.querySelector(".parked-name")!.textContent).toBe("Anna");
    expect(anna!.querySelector(".parked-when")!.textContent).toContain("this register");
    expect(anna!.hasAttribute("data-waiting")).toBe(true);
    expect(anna!.querySelector(".parked-waiting")).not.toBeNull();
    expect(grace!.querySelector(".parked-name")!.textContent).toBe("Grace Hopper");
    expect(grace!.querySelector(".parked-when")!.textContent).toContain("Till 2");
    expect(grace!.querySelector(".parked-what")!.textContent).toBe("3 items · 24.00 EUR");
    expect(grace!.querySelector(".parked-lines")!.textContent).toBe("3 × Coffee Mug");
    expect(grace!.hasAttribute("data-waiting")).toBe(false);
    // The list has the keyboard: F2 waits until it is closed.
    press(document.activeElement!, "F2");
    expect(document.activeElement).toBe($("#parked-close"));

    press($("#parked-carts"), "Escape");
    expect(document.querySelector("#parked-carts")).toBeNull();
    expect(document.activeElement).toBe($("#scan-input"));
  });

  it("says so when nothing is parked", async () => {
    await start();
    await openList();
    expect(items()).toHaveLength(0);
    expect($("#parked-note").textContent).toContain("No parked carts");
  });

  it("Resume brings the cart back into the sale, closes the list and says what was left out", async () => {
    backend.resumeNotes = ["Cocoa Powder is no longer sold at this store, so it was left out."];
    await start();
    await scan(backend, COFFEE);
    await scan(backend, COFFEE);
    $("#park-cart").click();
    await vi.waitFor(() => expect(cartLines()).toHaveLength(0));
    await openList();

    items()[0]!.querySelector<HTMLButtonElement>(".parked-resume")!.click();
    await vi.waitFor(() => expect(cartLines()).toHaveLength(1));
    expect(lastCall()).toEqual({ cmd: "resume_parked_cart", args: { id: "parked-1" } });
    expect(cartLines()[0]!.dataset.quantity).toBe("2");
    expect(document.querySelector("#parked-carts")).toBeNull();
    expect($("#park-status").textContent).toBe(
      "Resumed “Unlabelled cart”. Cocoa Powder is no longer sold at this store, so it was left out.",
    );
    expect(document.activeElement).toBe($("#scan-input"));
  });

  it("a refused resume is explained in the list, which stays open, and the sale is unchanged", async () => {
    await start();
    await scan(backend, COFFEE);
    $("#park-cart").click();
    await vi.waitFor(() => expect(cartLines()).toHaveLength(0));
    await scan(backend, MUG); // the next customer
    await openList();

    items()[0]!.querySelector<HTMLButtonElement>(".parked-resume")!.click();
    await vi.waitFor(() => expect(isShown($("#parked-problem"))).toBe(true));
    expect($("#parked-problem").dataset.code).toBe("invalid_input");
    expect($("#parked-problem").textContent).toContain("park it or clear it first");
    expect(items()).toHaveLength(1);
    expect(cartLines().map((r) => r.dataset.productId)).toEqual(["p-mug"]);
    expect($("#message").textContent).toBe("");
  });

  it("a cart resumed at another register meanwhile leaves the list with the reason", async () => {
    await start();
    await scan(backend, COFFEE);
    $("#park-cart").click();
    await vi.waitFor(() => expect(cartLines()).toHaveLength(0));
    await openList();
    backend.parked = []; // resumed at Till 2, synced here

    items()[0]!.querySelector<HTMLButtonElement>(".parked-resume")!.click();
    await vi.waitFor(() => expect($("#parked-problem").dataset.code).toBe("not_found"));
    await vi.waitFor(() => expect(items()).toHaveLength(0));
    expect($("#parked-problem").textContent).toContain("resumed here or at another register");
  });
});
