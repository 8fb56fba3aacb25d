import { commands, type CartView, type Problem, type RegisterView } from "../bindings";
import type { Result } from "../ipc";
import { h } from "../dom";
import { call } from "../ipc";
import { createCart } from "./cart";
import { createHeader } from "./header";
import { createMessage } from "./message";
import { createScanBox } from "./scan";
import { createSearch, SEARCH_LIMIT } from "./search";

export type RegisterOptions = {
  /** Sync status poll interval; 0 turns polling off. */
  pollMs: number;
  searchDebounceMs: number;
  highlightMs: number;
};

export const DEFAULT_REGISTER_OPTIONS: RegisterOptions = {
  pollMs: 5000,
  searchDebounceMs: 120,
  highlightMs: 1600,
};

export type RegisterScreen = { destroy(): void };

/** A cart command to run, or null when there is nothing to do any more. */
type CartCall = () => Promise<Result<CartView, Problem>> | null;

export function mountRegister(root: HTMLElement, view: RegisterView, options: RegisterOptions): RegisterScreen {
  let cart = view.cart;
  let destroyed = false;
  let pollTimer: ReturnType<typeof setTimeout> | null = null;
  /** Cart commands run one after another, so answers are applied in order. */
  let queue: Promise<unknown> = Promise.resolve();

  const header = createHeader(view.store, view.sync);
  const message = createMessage();
  const scan = createScanBox((text) => cartAction(() => commands.scan(text), true));
  const search = createSearch({
    search: (query) => call(() => commands.searchProducts(query, SEARCH_LIMIT)),
    pick: async (hit) => {
      const ok = await cartAction(() => commands.addProduct(hit.product_id), true);
      if (ok) scan.focus();
      return ok;
    },
    onSearchError: (problem) => message.show(problem, "search"),
    onSearchOk: () => message.clear("search"),
    onLeave: () => scan.focus(),
    debounceMs: options.searchDebounceMs,
  });
  const cartTable = createCart(
    {
      increment: (lineId) =>
        void lineAction(lineId, (line) => commands.setLineQuantity(lineId, line.quantity + 1)),
      decrement: (lineId) =>
        void lineAction(lineId, (line) =>
          line.quantity > 1 ? commands.setLineQuantity(lineId, line.quantity - 1) : null,
        ),
      remove: (lineId) => void lineAction(lineId, () => commands.removeLine(lineId)),
      clear: () =>
        void cartAction(() => (cart.lines.length > 0 ? commands.clearCart() : null), false).then(() =>
          scan.focus(),
        ),
    },
    options.highlightMs,
  );

  function cartAction(run: CartCall, highlight: boolean): Promise<boolean> {
    const step = queue.then(async () => {
      if (destroyed) return false;
      const pending = run();
      if (pending === null) return false;
      const result = await call(() => pending);
      if (destroyed) return false;
      if (result.status === "error") {
        message.show(result.error, "cart");
        return false;
      }
      cart = result.data;
      cartTable.render(cart, highlight ? cart.last_added_line_id : null);
      message.clear();
      return true;
    });
    queue = step.catch(() => undefined);
    return step;
  }

  /** Run a command on one line, reading the line as it is when the command's turn comes. */
  async function lineAction(
    lineId: string,
    run: (line: CartView["lines"][number]) => Promise<Result<CartView, Problem>> | null,
  ): Promise<void> {
    await cartAction(() => {
      const line = cart.lines.find((l) => l.line_id === lineId);
      return line ? run(line) : null;
    }, false);
    scan.focus();
  }

  const main = h(
    "main",
    { id: "register", class: "register" },
    h(
      "div",
      { class: "register-side" },
      h("section", { class: "panel scan-panel", "aria-label": "Scan" }, scan.element, message.element),
      search.element,
    ),
    cartTable.element,
  );

  root.replaceChildren(header.element, main);
  root.removeAttribute("aria-busy");
  cartTable.render(cart);
  scan.focus();

  function onKeyDown(ev: KeyboardEvent): void {
    if (ev.key === "F2") {
      ev.preventDefault();
      scan.focus(true);
    } else if (ev.key === "F3") {
      ev.preventDefault();
      search.focus(true);
    } else if (
      // A scanner firing while nothing has focus (e.g. after a click on the page
      // background): send its digits to the scan box rather than lose them.
      (document.activeElement === null || document.activeElement === document.body) &&
      ev.key.length === 1 &&
      !ev.ctrlKey &&
      !ev.metaKey &&
      !ev.altKey
    ) {
      scan.focus();
    }
  }
  document.addEventListener("keydown", onKeyDown, true);

  function schedulePoll(): void {
    if (options.pollMs <= 0 || destroyed) return;
    pollTimer = setTimeout(async () => {
      pollTimer = null;
      const result = await call(() => commands.registerState());
      if (destroyed) return;
      if (result.status === "ok") header.updateSync(result.data.sync);
      else header.markStale(result.error.message);
      schedulePoll();
    }, options.pollMs);
  }
  schedulePoll();

  return {
    destroy() {
      destroyed = true;
      if (pollTimer !== null) clearTimeout(pollTimer);
      search.destroy();
      document.removeEventListener("keydown", onKeyDown, true);
    },
  };
}
