import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { startApp, type AppHandle } from "../src/app";
import { deferred, FakeBackend, pickup } from "./fakeBackend";

const COFFEE = "4006381333931";
const MUG = "4098765432109";

let backend: FakeBackend;
let app: AppHandle | null = null;
let root: HTMLElement;

async function start(configure?: (b: FakeBackend) => void): Promise<void> {
  configure?.(backend);
  app = startApp(root, { statusPollMs: 0, pickupPollMs: 0, searchDebounceMs: 10, highlightMs: 50 });
  await app.ready;
}

function $<T extends Element = HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`missing ${selector}`);
  return found;
}

function lastCall(): { cmd: string; args: Record<string, unknown> } | undefined {
  return backend.calls[backend.calls.length - 1];
}

function lines(): HTMLTableRowElement[] {
  return Array.from(document.querySelectorAll<HTMLTableRowElement>("#cart tr.cart-line"));
}

function line(lineId: string): HTMLTableRowElement {
  return $<HTMLTableRowElement>(`#cart tr.cart-line[data-line-id="${lineId}"]`);
}

function press(target: Element, key: string): KeyboardEvent {
  const ev = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true });
  target.dispatchEvent(ev);
  return ev;
}

function type(input: HTMLInputElement, text: string): void {
  input.focus();
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

async function scan(text: string): Promise<void> {
  const input = $<HTMLInputElement>("#scan-input");
  const before = backend.calls.length;
  type(input, text);
  press(input, "Enter");
  await vi.waitFor(() => {
    expect(backend.calls.length).toBeGreaterThan(before);
    expect(input.hasAttribute("aria-busy")).toBe(false);
  });
}

beforeEach(() => {
  document.body.replaceChildren();
  root = document.createElement("div");
  root.id = "app";
  document.body.appendChild(root);
  backend = new FakeBackend().install();
});

afterEach(() => {
  app?.destroy();
  app = null;
  clearMocks();
  vi.useRealTimers();
});

describe("start-up", () => {
  it("renders the store, the sync status and an empty cart", async () => {
    await start();
    expect($("#store-name").textContent).toBe("Berlin Mitte");
    expect($("#store-code").textContent).toBe("BER01");
    const status = $("#sync-status");
    expect(status.textContent).toBe("Synced");
    expect(status.dataset.state).toBe("online");
    expect(status.classList.contains("sync-online")).toBe(true);
    expect(lines()).toHaveLength(0);
    expect($("#cart").textContent).toContain("Scan an item to start a sale");
    expect($("#cart-total").textContent).toBe("0.00 EUR");
    expect($<HTMLButtonElement>("#clear-cart").disabled).toBe(true);
    expect(document.activeElement).toBe($("#scan-input"));
    expect($("label[for=scan-input]").textContent).toBe("Scan or type a barcode");
    expect($("label[for=product-search]").textContent).toBe("Search products by name");
    expect(backend.commandNames()).toEqual(["register_state"]);
  });

  it("shows an existing cart", async () => {
    backend.cart.set("p-mug", 2);
    await start();
    expect(lines()).toHaveLength(1);
    expect(line("line-p-mug").querySelector(".qty-value")?.textContent).toBe("2");
    expect($("#cart-total").textContent).toBe("16.00 EUR");
    expect($("#cart-units").textContent).toBe("2 items");
  });

  it("shows the problem instead of the register when start-up fails", async () => {
    await start((b) => {
      b.startupProblem = { code: "database_too_new", message: "The database was written by a newer Shopfloor (schema 9)" };
    });
    const error = $("#startup-error");
    expect(error.dataset.code).toBe("database_too_new");
    expect(error.getAttribute("role")).toBe("alert");
    expect($("#startup-error-message").textContent).toBe("The database was written by a newer Shopfloor (schema 9)");
    expect(document.querySelector("#register")).toBeNull();
    expect(document.querySelector("#scan-input")).toBeNull();

    // Try again once the problem is gone.
    backend.startupProblem = null;
    $<HTMLButtonElement>("#startup-retry").click();
    await vi.waitFor(() => expect(document.querySelector("#register")).not.toBeNull());
    expect(document.querySelector("#startup-error")).toBeNull();
  });

  it("polls the sync status and only updates the status bar", async () => {
    vi.useFakeTimers();
    app = startApp(root, { statusPollMs: 5000, pickupPollMs: 0, searchDebounceMs: 10, highlightMs: 50 });
    await app.ready;
    backend.sync = { ...backend.sync, state: "offline", message: "Offline, 3 sales waiting", waiting_events: 3, oldest_waiting_secs: 600 };
    backend.cart.set("p-mug", 1); // changed behind the UI's back: the poll must not redraw the cart
    await vi.advanceTimersByTimeAsync(5000);
    const status = $("#sync-status");
    expect(status.textContent).toBe("Offline, 3 sales waiting");
    expect(status.dataset.state).toBe("offline");
    expect(status.classList.contains("sync-offline")).toBe(true);
    expect(status.classList.contains("sync-online")).toBe(false);
    expect(status.title).toContain("3 changes waiting to sync (oldest 10 min)");
    expect(lines()).toHaveLength(0);
    expect(backend.commandNames()).toEqual(["register_state", "sync_status"]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(backend.commandNames()).toEqual(["register_state", "sync_status", "sync_status"]);
  });
});

describe("scanning", () => {
  it("adds a line, updates the total, clears the box and highlights the line", async () => {
    await start();
    await scan(COFFEE);
    expect(lastCall()).toEqual({ cmd: "scan", args: { text: COFFEE } });
    expect(lines()).toHaveLength(1);
    const row = line("line-p-coffee");
    expect(row.querySelector(".line-name")?.textContent).toBe("Coffee Beans 1kg");
    expect(row.querySelector(".line-barcode")?.textContent).toBe(COFFEE);
    expect(row.querySelector(".line-unit-price")?.textContent).toBe("12.50 EUR");
    expect(row.querySelector(".line-total")?.textContent).toBe("12.50 EUR");
    expect(row.classList.contains("is-added")).toBe(true);
    expect($("#cart-total").textContent).toBe("12.50 EUR");
    expect($("#cart-units").textContent).toBe("1 item");
    expect($<HTMLInputElement>("#scan-input").value).toBe("");
    await vi.waitFor(() => expect(line("line-p-coffee").classList.contains("is-added")).toBe(false));

    await scan(COFFEE);
    await scan(MUG);
    expect(lines()).toHaveLength(2);
    expect(line("line-p-coffee").querySelector(".qty-value")?.textContent).toBe("2");
    expect(line("line-p-mug").classList.contains("is-added")).toBe(true);
    expect($("#cart-total").textContent).toBe("33.00 EUR");
    expect($("#cart-units").textContent).toBe("3 items");
    expect($<HTMLButtonElement>("#clear-cart").disabled).toBe(false);
  });

  it("shows a scan error with its code, keeps the text selected and the cart unchanged", async () => {
    await start();
    await scan(COFFEE);
    await scan("4000000000000");
    const message = $("#message");
    expect(message.getAttribute("role")).toBe("alert");
    expect(message.dataset.code).toBe("unknown_barcode");
    expect(message.textContent).toBe("No product has the barcode 4000000000000");
    const input = $<HTMLInputElement>("#scan-input");
    expect(input.value).toBe("4000000000000");
    expect(document.activeElement).toBe(input);
    expect(input.selectionStart).toBe(0);
    expect(input.selectionEnd).toBe("4000000000000".length);
    expect(lines()).toHaveLength(1);
    expect($("#cart-total").textContent).toBe("12.50 EUR");

    await scan("abc");
    expect(message.dataset.code).toBe("invalid_scan");

    // The next successful action clears the message.
    await scan(MUG);
    expect(message.textContent).toBe("");
    expect(message.hasAttribute("data-code")).toBe(false);
    expect(lines()).toHaveLength(2);
  });

  it("does nothing on an empty Enter", async () => {
    await start();
    const input = $<HTMLInputElement>("#scan-input");
    type(input, "   ");
    press(input, "Enter");
    type(input, "");
    press(input, "Enter");
    await new Promise((r) => setTimeout(r, 20));
    expect(backend.commandNames()).toEqual(["register_state"]);
    expect($("#message").textContent).toBe("");
  });

  it("ignores a duplicate Enter while the scan runs", async () => {
    await start();
    const hold = deferred();
    backend.gate = (cmd) => (cmd === "scan" ? hold.promise : undefined);
    const input = $<HTMLInputElement>("#scan-input");
    type(input, COFFEE);
    press(input, "Enter");
    press(input, "Enter");
    press(input, "Enter");
    await new Promise((r) => setTimeout(r, 10));
    expect(backend.commandNames().filter((c) => c === "scan")).toHaveLength(1);
    hold.resolve();
    await vi.waitFor(() => expect(lines()).toHaveLength(1));
    expect(line("line-p-coffee").querySelector(".qty-value")?.textContent).toBe("1");
    expect(input.value).toBe("");
  });

  it("sends a code typed while the previous scan still runs once it finishes", async () => {
    await start();
    const hold = deferred();
    backend.gate = (cmd, args) => (cmd === "scan" && args.text === COFFEE ? hold.promise : undefined);
    const input = $<HTMLInputElement>("#scan-input");
    type(input, COFFEE);
    press(input, "Enter");
    type(input, MUG); // the scanner replaces the selected text
    press(input, "Enter");
    hold.resolve();
    await vi.waitFor(() => expect(lines()).toHaveLength(2));
    expect(backend.calls.filter((c) => c.cmd === "scan").map((c) => c.args.text)).toEqual([COFFEE, MUG]);
    await vi.waitFor(() => expect(input.value).toBe(""));
  });
});

describe("product search", () => {
  async function searchFor(text: string): Promise<void> {
    type($<HTMLInputElement>("#product-search"), text);
    await vi.waitFor(() => {
      const results = $("#search-results");
      expect(results.hidden).toBe(false);
      expect(results.hasAttribute("aria-busy")).toBe(false);
    });
  }

  it("shows hits with name, brand, price and stock", async () => {
    await start();
    await searchFor("co");
    expect(lastCall()).toEqual({ cmd: "search_products", args: { query: "co", limit: 20 } });
    const hits = Array.from(document.querySelectorAll<HTMLButtonElement>("#search-results li > button.search-hit"));
    expect(hits.map((b) => b.dataset.productId)).toEqual(["p-coffee", "p-cocoa", "p-mug"]);
    expect(hits[0]!.textContent).toContain("Coffee Beans 1kg");
    expect(hits[0]!.textContent).toContain("Roastery");
    expect(hits[0]!.textContent).toContain("12.50 EUR");
    expect(hits[0]!.querySelector(".hit-stock")?.textContent).toBe("12 in stock");
    expect(hits[1]!.querySelector(".hit-stock")?.textContent).toBe("Out of stock");
  });

  it("needs two characters and says when nothing matches", async () => {
    await start();
    type($<HTMLInputElement>("#product-search"), "c");
    await new Promise((r) => setTimeout(r, 30));
    expect(backend.commandNames()).not.toContain("search_products");
    expect($("#search-results").hidden).toBe(true);

    await searchFor("zzz");
    expect($("#search-results").textContent).toBe("No products match “zzz”");
    expect(document.querySelectorAll(".search-hit")).toHaveLength(0);
  });

  it("debounces typing into one request", async () => {
    await start();
    const input = $<HTMLInputElement>("#product-search");
    type(input, "co");
    type(input, "cof");
    type(input, "coff");
    await searchFor("coffe");
    const searches = backend.calls.filter((c) => c.cmd === "search_products");
    expect(searches.map((c) => c.args.query)).toEqual(["coffe"]);
  });

  it("drops a slower, earlier answer", async () => {
    await start();
    const slow = deferred();
    backend.gate = (cmd, args) => (cmd === "search_products" && args.query === "co" ? slow.promise : undefined);
    const input = $<HTMLInputElement>("#product-search");
    type(input, "co");
    await vi.waitFor(() => expect(backend.calls.some((c) => c.args.query === "co")).toBe(true));
    await searchFor("mug");
    expect(Array.from(document.querySelectorAll<HTMLElement>(".search-hit")).map((b) => b.dataset.productId)).toEqual([
      "p-mug",
    ]);
    slow.resolve();
    await new Promise((r) => setTimeout(r, 20));
    expect(Array.from(document.querySelectorAll<HTMLElement>(".search-hit")).map((b) => b.dataset.productId)).toEqual([
      "p-mug",
    ]);
  });

  it("picks a hit with the keyboard (ArrowDown, Enter), clears the search and returns to the scan box", async () => {
    await start();
    const input = $<HTMLInputElement>("#product-search");
    await searchFor("co");
    expect(press(input, "ArrowDown").defaultPrevented).toBe(true);
    const first = $<HTMLButtonElement>(".search-hit[data-product-id=p-coffee]");
    expect(document.activeElement).toBe(first);
    press(first, "ArrowDown");
    const second = $<HTMLButtonElement>(".search-hit[data-product-id=p-cocoa]");
    expect(document.activeElement).toBe(second);
    press(second, "ArrowDown");
    const third = $<HTMLButtonElement>(".search-hit[data-product-id=p-mug]");
    expect(document.activeElement).toBe(third);
    press(third, "ArrowDown"); // stays on the last one
    expect(document.activeElement).toBe(third);
    press(third, "ArrowUp");
    expect(document.activeElement).toBe(second);
    press(second, "Enter");
    await vi.waitFor(() => expect(lines()).toHaveLength(1));
    expect(lastCall()).toEqual({ cmd: "add_product", args: { productId: "p-cocoa" } });
    expect(line("line-p-cocoa").classList.contains("is-added")).toBe(true);
    expect($("#cart-total").textContent).toBe("3.99 EUR");
    await vi.waitFor(() => expect(document.activeElement).toBe($("#scan-input")));
    expect(input.value).toBe("");
    expect($("#search-results").hidden).toBe(true);
  });

  it("picks a hit with a click or tap", async () => {
    await start();
    await searchFor("tote");
    $<HTMLButtonElement>(".search-hit[data-product-id=p-bag]").click();
    await vi.waitFor(() => expect(lines()).toHaveLength(1));
    expect(line("line-p-bag").querySelector(".line-barcode")?.textContent).toBe("No barcode");
    expect(document.activeElement).toBe($("#scan-input"));
  });

  it("clears the search with Escape", async () => {
    await start();
    const input = $<HTMLInputElement>("#product-search");
    await searchFor("co");
    press(input, "Escape");
    expect(input.value).toBe("");
    expect($("#search-results").hidden).toBe(true);
    expect(document.querySelectorAll(".search-hit")).toHaveLength(0);
    // A second Escape on the empty field goes back to the scan box.
    press(input, "Escape");
    expect(document.activeElement).toBe($("#scan-input"));
  });

  it("shows a search failure in the message area", async () => {
    await start();
    backend.gate = (cmd) => (cmd === "search_products" ? Promise.reject({ code: "internal", message: "Search index unavailable" }) : undefined);
    type($<HTMLInputElement>("#product-search"), "co");
    await vi.waitFor(() => expect($("#message").dataset.code).toBe("internal"));
    expect($("#message").textContent).toBe("Search index unavailable");
  });
});

describe("cart lines", () => {
  it("+ and − change the quantity, − is disabled at 1, remove deletes the line", async () => {
    await start();
    await scan(MUG);
    await scan(COFFEE);
    const dec = () => line("line-p-mug").querySelector<HTMLButtonElement>(".qty-dec")!;
    const inc = () => line("line-p-mug").querySelector<HTMLButtonElement>(".qty-inc")!;
    const qty = () => line("line-p-mug").querySelector(".qty-value")?.textContent;
    expect(dec().disabled).toBe(true);

    inc().click();
    await vi.waitFor(() => expect(qty()).toBe("2"));
    expect(lastCall()).toEqual({ cmd: "set_line_quantity", args: { lineId: "line-p-mug", quantity: 2 } });
    expect(line("line-p-mug").querySelector(".line-total")?.textContent).toBe("16.00 EUR");
    expect($("#cart-total").textContent).toBe("28.50 EUR");
    expect(dec().disabled).toBe(false);
    expect(document.activeElement).toBe($("#scan-input"));

    inc().click();
    await vi.waitFor(() => expect(qty()).toBe("3"));
    dec().click();
    await vi.waitFor(() => expect(qty()).toBe("2"));
    expect(lastCall()).toEqual({ cmd: "set_line_quantity", args: { lineId: "line-p-mug", quantity: 2 } });
    expect($("#cart-units").textContent).toBe("3 items");

    line("line-p-mug").querySelector<HTMLButtonElement>(".line-remove")!.click();
    await vi.waitFor(() => expect(lines()).toHaveLength(1));
    expect(lastCall()).toEqual({ cmd: "remove_line", args: { lineId: "line-p-mug" } });
    expect($("#cart-total").textContent).toBe("12.50 EUR");
    expect(document.activeElement).toBe($("#scan-input"));
  });

  it("applies quick repeated taps in order", async () => {
    await start();
    await scan(MUG);
    const inc = () => line("line-p-mug").querySelector<HTMLButtonElement>(".qty-inc")!;
    const button = inc();
    button.click();
    button.click(); // same (soon stale) button, before the first answer arrived
    button.click();
    await vi.waitFor(() => expect(line("line-p-mug").querySelector(".qty-value")?.textContent).toBe("4"));
    const quantities = backend.calls.filter((c) => c.cmd === "set_line_quantity").map((c) => c.args.quantity);
    expect(quantities).toEqual([2, 3, 4]);
  });

  it("clear cart empties the sale once a manager approves it with their PIN", async () => {
    await start();
    await scan(MUG);
    await scan(COFFEE);
    $<HTMLButtonElement>("#clear-cart").click();
    await vi.waitFor(() => expect(document.querySelector("#approval")).not.toBeNull());
    expect(lines()).toHaveLength(2);
    expect([...document.querySelectorAll("#approval-manager option")].map((o) => o.textContent)).toEqual(["Lena Hoffmann", "Tom Weber"]);
    $<HTMLInputElement>("#approval-pin").value = "0000";
    $<HTMLButtonElement>("#approval-confirm").click();
    await vi.waitFor(() => expect($("#approval-problem").hidden).toBe(false));
    expect(lines()).toHaveLength(2);
    $<HTMLInputElement>("#approval-pin").value = "9999";
    $<HTMLButtonElement>("#approval-confirm").click();
    await vi.waitFor(() => expect(lines()).toHaveLength(0));
    expect(document.querySelector("#approval")).toBeNull();
    expect(backend.approvals).toEqual([{ asked_by: "st-cashier", approved_by: "st-manager" }]);
    expect(lastCall()?.cmd).toBe("clear_cart");
    expect($("#cart").textContent).toContain("Scan an item to start a sale");
    expect($("#cart-total").textContent).toBe("0.00 EUR");
    expect($<HTMLButtonElement>("#clear-cart").disabled).toBe(true);
  });

  it("shows a failed cart command in the message area and keeps the cart", async () => {
    await start();
    await scan(MUG);
    backend.gate = (cmd) => (cmd === "set_line_quantity" ? Promise.reject({ code: "storage_full", message: "The disk is full" }) : undefined);
    line("line-p-mug").querySelector<HTMLButtonElement>(".qty-inc")!.click();
    await vi.waitFor(() => expect($("#message").dataset.code).toBe("storage_full"));
    expect($("#message").textContent).toBe("The disk is full");
    expect(line("line-p-mug").querySelector(".qty-value")?.textContent).toBe("1");
  });
});

describe("keyboard", () => {
  it("F2 focuses the scan box and F3 the search field from anywhere", async () => {
    await start();
    await scan(MUG);
    const remove = line("line-p-mug").querySelector<HTMLButtonElement>(".line-remove")!;
    remove.focus();
    expect(press(remove, "F3").defaultPrevented).toBe(true);
    expect(document.activeElement).toBe($("#product-search"));
    press(document.activeElement!, "F2");
    expect(document.activeElement).toBe($("#scan-input"));
    (document.activeElement as HTMLElement).blur();
    press(document.body, "F3");
    expect(document.activeElement).toBe($("#product-search"));
  });

  it("sends typing with nothing focused to the scan box", async () => {
    await start();
    $<HTMLInputElement>("#scan-input").blur();
    expect(document.activeElement).toBe(document.body);
    press(document.body, "4");
    expect(document.activeElement).toBe($("#scan-input"));
  });
});

describe("scanned codes open what they name", () => {
  const money = (minor: number) => ({ minor, currency: "EUR", display: `${(minor / 100).toFixed(2)} EUR` });

  it("a loyalty card opens its customer beside the sale, and Escape closes it back to the scan box", async () => {
    await start((b) =>
      b.codes.set("SF1.CARD", {
        kind: "customer",
        customer: {
          customer_id: "c1",
          name: "Ingrid Åberg",
          email: null,
          phone: null,
          loyalty: { account_id: "a1", number: "400012345678", tier: "gold", points: 1250 },
        },
      }),
    );
    await scan(MUG);
    await scan("SF1.CARD");
    const panel = $("#opened");
    expect(panel.hidden).toBe(false);
    expect(panel.dataset.kind).toBe("customer");
    expect($("#customer-card .customer-name").textContent).toBe("Ingrid Åberg");
    expect($("#customer-card .customer-points").textContent).toBe("1250");
    expect(lines()).toHaveLength(1);
    expect($<HTMLInputElement>("#scan-input").value).toBe("");
    $<HTMLButtonElement>("#show-card-qr").click();
    await vi.waitFor(() => expect($("#card-qr").dataset.text).toBe("SF1.CARD-OF-a1"));
    expect($<HTMLImageElement>("#card-qr").src).toMatch(/^data:image\/svg\+xml/);
    press(panel, "Escape");
    expect(panel.hidden).toBe(true);
    expect(document.activeElement).toBe($("#scan-input"));
    // Escape in the empty scan box closes it too (a cashier's hands stay on the keys).
    await scan("SF1.CARD");
    expect(panel.hidden).toBe(false);
    press($("#scan-input"), "Escape");
    expect(panel.hidden).toBe(true);
  });

  it("a device that cannot sign says why instead of showing a card", async () => {
    await start((b) => {
      b.signingProblem = { code: "not_set_up", message: "This device cannot sign codes." };
      b.codes.set("SF1.CARD", {
        kind: "customer",
        customer: { customer_id: "c1", name: "Ada", email: null, phone: null, loyalty: { account_id: "a1", number: "4", tier: "member", points: 0 } },
      });
    });
    await scan("SF1.CARD");
    $<HTMLButtonElement>("#show-card-qr").click();
    await vi.waitFor(() => expect($("#card-qr-area [data-code]").dataset.code).toBe("not_set_up"));
    expect(document.querySelector("#card-qr")).toBeNull();
  });

  it("a receipt opens its order in the Returns view", async () => {
    await start((b) =>
      b.codes.set("SF1.RECEIPT", {
        kind: "receipt",
        order: {
          order_id: "o1",
          number: "W-00000003",
          channel: "web",
          status: "delivered",
          placed_at: "2026-11-01T08:00:00Z",
          store_code: null,
          customer_name: "Ingrid Åberg",
          total: money(9998),
          lines: [{ product_id: "p1", name: "Merino Crew Sweater", quantity: 2, unit_price: money(4999) }],
        },
      }),
    );
    await scan("SF1.RECEIPT");
    await vi.waitFor(() => expect(backend.commandNames()).toContain("find_return"));
    expect($("#tab-returns").getAttribute("aria-selected")).toBe("true");
    expect($("#returns").hidden).toBe(false);
    expect($("#opened").hidden).toBe(true);
  });

  it("a pickup code switches to the Pickups view with that pickup marked", async () => {
    await start((b) => {
      b.pickups = [pickup("W-1"), pickup("W-2", { status: "ready" })];
      const k2 = b.pickups[1].pickup_id;
      b.codes.set("SF1.PICKUP", { kind: "pickup", pickup: { pickup_id: k2, order_number: "W-2", status: "ready" } });
    });
    await scan("SF1.PICKUP");
    await vi.waitFor(() => expect($("#pickups").hidden).toBe(false));
    await vi.waitFor(() => expect($('#pickups tr.pickup-row[data-order-number="W-2"]').classList.contains("is-selected")).toBe(true));
    expect($('#pickups tr.pickup-row[data-order-number="W-1"]').classList.contains("is-selected")).toBe(false);
    expect($("#pickups-selected-note").textContent).toContain("W-2");
    await vi.waitFor(() => expect(document.activeElement).toBe($('#pickups tr.pickup-row[data-order-number="W-2"]')));
  });

  it("a gift card shows what it holds in the message area and leaves the sale alone", async () => {
    const card = {
      card_id: "g1",
      number: "712345678906",
      kind: "gift_card",
      balance: money(3000),
      customer_name: "Ingrid Åberg",
      active: true,
    };
    await start((b) => {
      b.codes.set("SF1.GIFT", { kind: "stored_value", card });
      b.codes.set("SF1.BLOCKED", { kind: "stored_value", card: { ...card, kind: "store_credit", customer_name: null, active: false } });
    });
    await scan(COFFEE);
    await scan("SF1.GIFT");
    const message = $("#message");
    expect(message.textContent).toBe("Gift card 712345678906 (Ingrid Åberg) holds 30.00 EUR.");
    expect(message.classList.contains("is-note")).toBe(true);
    expect(message.hasAttribute("data-code")).toBe(false);
    expect(lines()).toHaveLength(1);
    expect($("#opened").hidden).toBe(true);
    const offer = $<HTMLButtonElement>("#pay-stored-value");
    expect(offer.hidden).toBe(false);
    expect(offer.textContent).toContain("from card 712345678906");

    await scan("SF1.BLOCKED");
    expect(message.textContent).toBe("Store credit card 712345678906 is blocked and cannot pay; it holds 30.00 EUR.");
    expect(offer.hidden, "a blocked card cannot pay").toBe(true);

    // A problem after it shows as a problem, and the next success clears it.
    await scan("4000000000000");
    expect(message.dataset.code).toBe("unknown_barcode");
    expect(message.classList.contains("is-note")).toBe(false);
    await scan(COFFEE);
    expect(message.textContent).toBe("");
  });
});

describe("finding a customer", () => {
  const loyalty = { account_id: "a1", number: "400012345678", tier: "gold", points: 1250 };

  it("as you type, and opens the card beside the sale; F4 goes there from anywhere", async () => {
    await start((b) => {
      b.customers = [
        { customer_id: "c1", name: "Ingrid Åberg", email: "ingrid@example.com", phone: null, loyalty },
        { customer_id: "c2", name: "Inga Berg", email: null, phone: "+47 412 34 567", loyalty: null },
      ];
    });
    press(document.body, "F4");
    const input = $<HTMLInputElement>("#customer-search");
    expect(document.activeElement).toBe(input);
    type(input, "ing");
    await vi.waitFor(() => expect(document.querySelectorAll("#customer-results .customer-hit")).toHaveLength(2));
    expect(lastCall()).toEqual({ cmd: "search_customers", args: { query: "ing", limit: 10 } });
    expect($('.customer-hit[data-customer-id="c2"]').textContent).toContain("No loyalty card");
    press(input, "ArrowDown");
    expect(document.activeElement).toBe($('.customer-hit[data-customer-id="c1"]'));
    (document.activeElement as HTMLButtonElement).click();
    expect($("#opened").dataset.kind).toBe("customer");
    expect($("#customer-card .customer-name").textContent).toBe("Ingrid Åberg");
    expect($("#customer-card .customer-tier").textContent).toBe("gold");
    // A customer without a card opens too, with their contact and no QR to draw.
    $<HTMLButtonElement>('.customer-hit[data-customer-id="c2"]').click();
    expect($("#customer-card .customer-name").textContent).toBe("Inga Berg");
    expect($("#customer-card .customer-loyalty-number").textContent).toBe("No loyalty card");
    expect($("#customer-card .customer-phone").textContent).toBe("+47 412 34 567");
    expect(document.querySelector("#show-card-qr")).toBeNull();
  });

  it("waits for two letters or three digits", async () => {
    await start();
    const input = $<HTMLInputElement>("#customer-search");
    const before = backend.calls.length;
    type(input, "i");
    type(input, "12");
    await new Promise((r) => setTimeout(r, 40));
    expect(backend.calls.length).toBe(before);
    type(input, "0151");
    await vi.waitFor(() => expect(lastCall()?.cmd).toBe("search_customers"));
    expect($("#customer-search-status").textContent).toBe("No customer matches.");
  });
});

describe("changing a price or a discount", () => {
  it("a price override asks for a manager's PIN; a small discount does not", async () => {
    await start();
    await scan(MUG);
    line("line-p-mug").querySelector<HTMLButtonElement>(".line-adjust")!.click();
    await vi.waitFor(() => expect(document.querySelector("#adjust")).not.toBeNull());
    $<HTMLInputElement>("#adjust-percent").value = "10";
    $<HTMLFormElement>("#adjust").requestSubmit();
    await vi.waitFor(() => expect(document.querySelector("#adjust")).toBeNull());
    expect(line("line-p-mug").querySelector(".line-discounts")?.textContent).toContain("Discount");
    expect(backend.approvals).toEqual([]);

    line("line-p-mug").querySelector<HTMLButtonElement>(".line-adjust")!.click();
    await vi.waitFor(() => expect(document.querySelector("#adjust")).not.toBeNull());
    $<HTMLInputElement>("#adjust-price").value = "5.00";
    $<HTMLFormElement>("#adjust").requestSubmit();
    await vi.waitFor(() => expect(document.querySelector("#approval")).not.toBeNull());
    $<HTMLInputElement>("#approval-pin").value = "9999";
    $<HTMLButtonElement>("#approval-confirm").click();
    await vi.waitFor(() => expect(document.querySelector("#adjust")).toBeNull());
    expect(line("line-p-mug").querySelector(".line-override")?.textContent).toBe("price changed");
    expect(backend.approvals).toEqual([{ asked_by: "st-cashier", approved_by: "st-manager" }]);
  });
});
