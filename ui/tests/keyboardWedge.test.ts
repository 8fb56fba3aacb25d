import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { startApp, type AppHandle, type AppOptions } from "../src/app";
import { createBurstDetector, type KeyPress } from "../src/scanner/burst";
import { DEFAULT_WEDGE_SETTINGS } from "../src/scanner/keyboardWedge";
import { FakeBackend } from "./fakeBackend";
import { strike, typeKeys } from "./keystrokes";
import { $, $$, freshRoot, isShown } from "./page";

const COFFEE = "4006381333931";
const MUG = "4098765432109";
const SCANNER_MS = 10;
const PERSON_MS = 150;

let backend: FakeBackend;
let app: AppHandle | null = null;

async function start(options: Partial<AppOptions> = {}): Promise<void> {
  // The real search debounce (120 ms): a scanner's burst is over long before it fires.
  app = startApp(freshRoot(), { statusPollMs: 0, pickupPollMs: 0, searchDebounceMs: 120, highlightMs: 50, ...options });
  await app.ready;
  await vi.advanceTimersByTimeAsync(0);
}

/** Let answers arrive and debounces fire. */
async function settle(ms = 300): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

function scanCalls(): string[] {
  return backend.calls.filter((c) => c.cmd === "scan").map((c) => String(c.args.text));
}

function searchQueries(): string[] {
  return backend.calls.filter((c) => c.cmd === "search_products").map((c) => String(c.args.query));
}

function cartProducts(): string[] {
  return $$<HTMLTableRowElement>("#cart tr.cart-line").map((row) => row.dataset.productId ?? "");
}

/** Put `text` in the search field with the caret at `caret`, as a person would have typed it. */
async function searchFieldWith(text: string, caret = text.length): Promise<HTMLInputElement> {
  const search = $<HTMLInputElement>("#product-search");
  search.focus();
  typeKeys(text, PERSON_MS);
  await settle();
  search.setSelectionRange(caret, caret);
  return search;
}

/** Keydowns that reached `el` (the wedge stops a scan's terminator before it gets there). */
function keysSeenBy(el: HTMLElement): string[] {
  const seen: string[] = [];
  el.addEventListener("keydown", (ev) => seen.push(ev.key));
  return seen;
}

beforeEach(() => {
  vi.useFakeTimers();
  backend = new FakeBackend().install();
});

afterEach(() => {
  app?.destroy();
  app = null;
  clearMocks();
  vi.useRealTimers();
});

describe("a scan while focus is in the product search", () => {
  it("goes to the cart; the search keeps its text and caret and never searches for the code", async () => {
    await start();
    const search = await searchFieldWith("co", 1);
    expect(searchQueries()).toEqual(["co"]);
    expect(isShown($("#search-results"))).toBe(true);
    const seen = keysSeenBy(search);

    const enter = typeKeys(COFFEE, SCANNER_MS, "Enter")!;
    expect(enter.defaultPrevented).toBe(true);
    expect(seen).not.toContain("Enter"); // no "search now"
    expect(search.value).toBe("co");
    expect(search.selectionStart).toBe(1);
    expect(search.selectionEnd).toBe(1);
    await settle();

    expect(scanCalls()).toEqual([COFFEE]);
    expect(cartProducts()).toEqual(["p-coffee"]);
    expect($("#cart-total").textContent).toBe("12.50 EUR");
    expect(searchQueries().every((q) => q === "co")).toBe(true);
    expect($$(".search-hit").map((b) => b.dataset.productId)).toEqual(["p-coffee", "p-cocoa", "p-mug"]);
    expect(document.activeElement).toBe(search);
    const scanInput = $<HTMLInputElement>("#scan-input");
    expect(scanInput.value).toBe("");
    expect(scanInput.dataset.lastScanSource).toBe("wedge");
    expect(scanInput.dataset.wedgeScans).toBe("1");
    expect($("#message").hasAttribute("data-code")).toBe(false);
  });

  it("leaves an empty search field empty, with no results", async () => {
    await start();
    const search = $<HTMLInputElement>("#product-search");
    search.focus();
    typeKeys(MUG, SCANNER_MS, "Enter");
    expect(search.value).toBe("");
    await settle();
    expect(scanCalls()).toEqual([MUG]);
    expect(cartProducts()).toEqual(["p-mug"]);
    expect(searchQueries()).toEqual([]);
    expect($("#search-results").hidden).toBe(true);
  });

  it("shows a refused code like the scan box does: message, code selected in the scan box", async () => {
    await start();
    const search = await searchFieldWith("mug");
    typeKeys("4000000000000", SCANNER_MS, "Enter");
    await settle();
    expect(scanCalls()).toEqual(["4000000000000"]);
    expect($("#message").dataset.code).toBe("unknown_barcode");
    expect($("#message").textContent).toBe("No product has the barcode 4000000000000");
    const scanInput = $<HTMLInputElement>("#scan-input");
    expect(scanInput.value).toBe("4000000000000");
    expect(document.activeElement).toBe(scanInput);
    expect(scanInput.selectionEnd! - scanInput.selectionStart!).toBe(13);
    expect(search.value).toBe("mug");
    expect(cartProducts()).toEqual([]);
  });
});

describe("a person typing", () => {
  it("at 150 ms a key keeps the text in the search field, and Enter searches", async () => {
    await start();
    const search = $<HTMLInputElement>("#product-search");
    search.focus();
    const enter = typeKeys(COFFEE, PERSON_MS, "Enter")!;
    await settle();
    expect(scanCalls()).toEqual([]);
    expect(search.value).toBe(COFFEE);
    expect(document.activeElement).toBe(search);
    expect(enter.defaultPrevented).toBe(true); // by the search field: "search now"
    expect(searchQueries()).toContain(COFFEE);
    expect($("#scan-input").hasAttribute("data-last-scan-source")).toBe(false);
    expect(cartProducts()).toEqual([]);
  });

  it("a short fast burst (3 characters) and Enter is not a scan", async () => {
    await start();
    const search = $<HTMLInputElement>("#product-search");
    search.focus();
    const seen = keysSeenBy(search);
    typeKeys("mug", SCANNER_MS, "Enter");
    await settle();
    expect(scanCalls()).toEqual([]);
    expect(search.value).toBe("mug");
    expect(seen).toEqual(["m", "u", "g", "Enter"]);
    expect(searchQueries()).toContain("mug");
  });

  it("five fast characters are not a scan, six are", async () => {
    await start();
    const search = $<HTMLInputElement>("#product-search");
    search.focus();
    typeKeys("12345", SCANNER_MS, "Enter");
    await settle();
    expect(scanCalls()).toEqual([]);
    expect(search.value).toBe("12345");

    typeKeys("123456", SCANNER_MS, "Enter");
    await settle();
    expect(scanCalls()).toEqual(["123456"]);
    expect(search.value).toBe("12345");
  });

  it("a burst whose Enter comes late is not a scan", async () => {
    await start();
    const search = $<HTMLInputElement>("#product-search");
    search.focus();
    typeKeys(COFFEE, SCANNER_MS);
    vi.advanceTimersByTime(200);
    strike("Enter");
    await settle();
    expect(scanCalls()).toEqual([]);
    expect(search.value).toBe(COFFEE);
  });

  it("ignores Ctrl, Alt and Meta combinations, also as the terminator", async () => {
    await start();
    const search = $<HTMLInputElement>("#product-search");
    for (const modifier of ["ctrlKey", "altKey", "metaKey"] as const) {
      search.focus();
      // Letters: Alt+1 / Alt+2 are the tab shortcuts.
      typeKeys("qwertyuiop", SCANNER_MS, { key: "Enter", [modifier]: true }, { [modifier]: true });
      vi.advanceTimersByTime(500);
      typeKeys(COFFEE, SCANNER_MS, { key: "Enter", [modifier]: true });
      vi.advanceTimersByTime(500);
      expect(document.activeElement).toBe(search);
    }
    await settle();
    expect(scanCalls()).toEqual([]);
    // The plain digits stayed where they were typed (three times: the modified letters type nothing).
    expect(search.value).toBe(COFFEE.repeat(3));
    expect(cartProducts()).toEqual([]);
  });

  it("a Ctrl key in the middle breaks a burst: only what follows it counts", async () => {
    await start();
    const search = $<HTMLInputElement>("#product-search");
    search.focus();
    typeKeys("40063", SCANNER_MS);
    vi.advanceTimersByTime(SCANNER_MS);
    strike({ key: "a", ctrlKey: true });
    vi.advanceTimersByTime(SCANNER_MS);
    typeKeys("8133", SCANNER_MS, "Enter");
    await settle();
    expect(scanCalls()).toEqual([]);
    expect(search.value).toBe("400638133");
  });
});

describe("a scan anywhere else", () => {
  it("on a cart button: scanned, and the Enter does not press the button", async () => {
    await start();
    const scanInput = $<HTMLInputElement>("#scan-input");
    typeKeys(MUG, SCANNER_MS, "Enter"); // into the scan box, which has focus
    await settle();
    const remove = $<HTMLButtonElement>('tr.cart-line[data-product-id="p-mug"] .line-remove');
    remove.focus();
    const seen = keysSeenBy(remove);

    const enter = typeKeys(COFFEE, SCANNER_MS, "Enter")!;
    await settle();
    expect(enter.defaultPrevented).toBe(true);
    expect(seen).not.toContain("Enter");
    expect(scanCalls()).toEqual([MUG, COFFEE]);
    expect(cartProducts()).toEqual(["p-mug", "p-coffee"]);
    expect(backend.commandNames()).not.toContain("remove_line");
    expect(scanInput.dataset.lastScanSource).toBe("wedge");
  });

  it("on the Pickups tab: the Register comes back with the line added and focus in the scan box", async () => {
    await start();
    $<HTMLButtonElement>("#tab-pickups").click();
    const pickupsTab = $<HTMLButtonElement>("#tab-pickups");
    pickupsTab.focus();
    expect(isShown($("#pickups"))).toBe(true);

    const enter = typeKeys(COFFEE, SCANNER_MS, "Enter")!;
    expect(enter.defaultPrevented).toBe(true);
    await settle();
    expect(scanCalls()).toEqual([COFFEE]);
    expect(isShown($("#register"))).toBe(true);
    expect(isShown($("#pickups"))).toBe(false);
    expect($("#tab-register").getAttribute("aria-selected")).toBe("true");
    expect(cartProducts()).toEqual(["p-coffee"]);
    expect(document.activeElement).toBe($("#scan-input"));
    expect($("#scan-input").dataset.lastScanSource).toBe("wedge");
  });

  it("on the Pickups view with nothing focused", async () => {
    await start();
    $<HTMLButtonElement>("#tab-pickups").click();
    (document.activeElement as HTMLElement | null)?.blur();
    typeKeys(MUG, SCANNER_MS, "Enter");
    await settle();
    expect(scanCalls()).toEqual([MUG]);
    expect(isShown($("#register"))).toBe(true);
    expect(cartProducts()).toEqual(["p-mug"]);
  });

  it("a short burst on the Pickups view stays there", async () => {
    await start();
    $<HTMLButtonElement>("#tab-pickups").click();
    typeKeys("123", SCANNER_MS, "Enter");
    await settle();
    expect(scanCalls()).toEqual([]);
    expect(isShown($("#pickups"))).toBe(true);
  });

  it("while the conflicts panel is open: the panel closes and the code is scanned", async () => {
    await start();
    $<HTMLButtonElement>("#conflicts-button").click();
    await settle();
    expect(document.activeElement).toBe($("#conflicts-close"));
    typeKeys(COFFEE, SCANNER_MS, "Enter");
    await settle();
    expect(document.querySelector("#conflicts-panel")).toBeNull();
    expect(scanCalls()).toEqual([COFFEE]);
    expect(cartProducts()).toEqual(["p-coffee"]);
    expect(document.activeElement).toBe($("#scan-input"));
  });

  it("two scans in a row from the search field add both", async () => {
    await start();
    const search = await searchFieldWith("to");
    typeKeys(COFFEE, SCANNER_MS, "Enter");
    vi.advanceTimersByTime(400);
    typeKeys(MUG, SCANNER_MS, "Enter");
    await settle();
    expect(scanCalls()).toEqual([COFFEE, MUG]);
    expect(cartProducts()).toEqual(["p-coffee", "p-mug"]);
    expect(search.value).toBe("to");
    expect($("#scan-input").dataset.wedgeScans).toBe("2");
  });
});

describe("the scan box itself", () => {
  it("sends a burst typed into it exactly once, as before", async () => {
    await start();
    const scanInput = $<HTMLInputElement>("#scan-input");
    expect(document.activeElement).toBe(scanInput);
    const enter = typeKeys(COFFEE, SCANNER_MS, "Enter")!;
    expect(enter.defaultPrevented).toBe(true); // by the scan box
    await settle();
    expect(scanCalls()).toEqual([COFFEE]);
    expect(cartProducts()).toEqual(["p-coffee"]);
    expect(scanInput.value).toBe("");
    expect(scanInput.dataset.lastScanSource).toBe("scan-box");
    expect(scanInput.hasAttribute("data-wedge-scans")).toBe(false);
  });

  it("gets the scan once when it started with nothing focused (the first key moves focus there)", async () => {
    await start();
    $<HTMLInputElement>("#scan-input").blur();
    typeKeys(MUG, SCANNER_MS, "Enter");
    await settle();
    expect(scanCalls()).toEqual([MUG]);
    expect($("#scan-input").dataset.lastScanSource).toBe("scan-box");
  });
});

describe("Tab as terminator", () => {
  it("is not one by default", async () => {
    await start();
    const search = $<HTMLInputElement>("#product-search");
    search.focus();
    const tab = typeKeys(COFFEE, SCANNER_MS, "Tab")!;
    await settle();
    expect(tab.defaultPrevented).toBe(false);
    expect(scanCalls()).toEqual([]);
    expect(search.value).toBe(COFFEE);
  });

  it("ends a scan when the scanner is set up so", async () => {
    await start({ wedge: { ...DEFAULT_WEDGE_SETTINGS, terminators: ["Enter", "Tab"] } });
    const search = await searchFieldWith("co");
    const tab = typeKeys(COFFEE, SCANNER_MS, "Tab")!;
    expect(tab.defaultPrevented).toBe(true);
    await settle();
    expect(scanCalls()).toEqual([COFFEE]);
    expect(search.value).toBe("co");
    expect(document.activeElement).toBe(search);
  });
});

describe("burst detector timing rules", () => {
  const key = (k: string, more: Partial<KeyPress> = {}): KeyPress => ({
    key: k,
    ctrlKey: false,
    altKey: false,
    metaKey: false,
    shiftKey: false,
    repeat: false,
    ...more,
  });

  /** Feed `text` one character every `gap` ms from time 0, then `end` after `endGap`; the last step. */
  function run(text: string, gap: number, end = "Enter", endGap = gap, rules = DEFAULT_WEDGE_SETTINGS) {
    const detector = createBurstDetector(rules);
    let t = 0;
    const steps = [...text].map((c, i) => detector.press(key(c), (t = i * gap)));
    return { steps, last: detector.press(key(end), t + endGap) };
  }

  it("accepts gaps up to 40 ms, refuses 41", () => {
    expect(run("123456", 40).last).toEqual({ kind: "scan", code: "123456" });
    expect(run("123456", 41).last).toEqual({ kind: "other" });
    expect(run("123456", 10, "Enter", 41).last).toEqual({ kind: "other" });
  });

  it("marks where a burst starts", () => {
    const { steps } = run("12345", 10);
    expect(steps.map((s) => s.kind)).toEqual(["start", "more", "more", "more", "more"]);
    expect(run("12", 100).steps.map((s) => s.kind)).toEqual(["start", "start"]);
  });

  it("starts over after a pause: only the fast tail counts", () => {
    const detector = createBurstDetector();
    detector.press(key("x"), 0);
    const steps = [..."123456"].map((c, i) => detector.press(key(c), 500 + i * 10));
    expect(steps[0]).toEqual({ kind: "start" });
    expect(detector.press(key("Enter"), 560)).toEqual({ kind: "scan", code: "123456" });
  });

  it("lets Shift through (capitals) but not repeats, composition or Shift+Enter", () => {
    const detector = createBurstDetector();
    let t = 0;
    for (const c of "ABC123") {
      expect(detector.press(key("Shift", { shiftKey: true }), (t += 5)).kind).toBe("other");
      detector.press(key(c, { shiftKey: true }), (t += 5));
    }
    expect(detector.press(key("Enter"), (t += 5))).toEqual({ kind: "scan", code: "ABC123" });

    for (const spoil of [{ repeat: true }, { isComposing: true }]) {
      [..."1234567"].forEach((c, i) => detector.press(key(c, i === 3 ? spoil : {}), (t += 10)));
      expect(detector.press(key("Enter"), (t += 10)).kind).toBe("other");
    }
    [..."1234567"].forEach((c) => detector.press(key(c), (t += 10)));
    expect(detector.press(key("Enter", { shiftKey: true }), (t += 10)).kind).toBe("other");
  });

  it("honours other lengths, gaps and terminators", () => {
    const rules = { minChars: 4, maxGapMs: 80, terminators: ["Tab"] as const };
    expect(run("1234", 80, "Tab", 80, rules).last).toEqual({ kind: "scan", code: "1234" });
    expect(run("1234", 80, "Enter", 80, rules).last.kind).toBe("other");
    expect(run("123", 10, "Tab", 10, rules).last.kind).toBe("other");
  });
});
