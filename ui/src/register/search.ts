import type { Problem, ProductHit } from "../bindings";
import type { Result } from "../ipc";
import { focusElement, h } from "../dom";
import { stockText } from "../format";

export const SEARCH_LIMIT = 20;
export const SEARCH_MIN_CHARS = 2;

export type SearchDeps = {
  search(query: string): Promise<Result<ProductHit[], Problem>>;
  /** Add the product; resolves true when it was added. */
  pick(hit: ProductHit): Promise<boolean>;
  /** Show the product's stock here and in other stores. */
  showStock(hit: ProductHit): void;
  onSearchError(problem: Problem): void;
  onSearchOk(): void;
  /** Escape on an empty search field hands focus back (to the scan box). */
  onLeave(): void;
  debounceMs: number;
};

export type ProductSearch = {
  element: HTMLElement;
  input: HTMLInputElement;
  results: HTMLUListElement;
  focus(select?: boolean): void;
  clear(): void;
  destroy(): void;
};

export function createSearch(deps: SearchDeps): ProductSearch {
  const input = h("input", {
    id: "product-search",
    class: "search-input",
    type: "search",
    autocomplete: "off",
    spellcheck: "false",
    enterkeyhint: "search",
    "aria-controls": "search-results",
    "aria-describedby": "search-hint",
  });
  const results = h("ul", {
    id: "search-results",
    class: "search-results",
    "aria-label": "Matching products",
    hidden: true,
  });
  const idle = h("p", { class: "search-idle" }, `Type at least ${SEARCH_MIN_CHARS} letters of a product name.`);
  const element = h(
    "section",
    { class: "panel search-panel", "aria-label": "Product search" },
    h(
      "div",
      { class: "field search-field" },
      h(
        "div",
        { class: "field-label-row" },
        h("label", { for: "product-search", class: "field-label" }, "Search products by name"),
        h("span", { id: "search-hint", class: "shortcut" }, "F3"),
      ),
      input,
    ),
    idle,
    results,
  );

  /** Bumped for every query sent and every reset: answers to older ones are dropped. */
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let hits: ProductHit[] = [];
  let picking = false;

  function cancelTimer(): void {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  }

  function resetResults(): void {
    hits = [];
    results.replaceChildren();
    results.hidden = true;
    results.removeAttribute("aria-busy");
    idle.hidden = false;
  }

  function schedule(): void {
    cancelTimer();
    const query = input.value.trim();
    if (query.length < SEARCH_MIN_CHARS) {
      seq++;
      resetResults();
      return;
    }
    timer = setTimeout(() => {
      timer = null;
      void run(query);
    }, deps.debounceMs);
  }

  async function run(query: string): Promise<void> {
    const mine = ++seq;
    results.setAttribute("aria-busy", "true");
    const result = await deps.search(query);
    if (mine !== seq) return; // a later query (or a reset) superseded this one
    results.removeAttribute("aria-busy");
    if (result.status === "error") {
      resetResults();
      deps.onSearchError(result.error);
      return;
    }
    deps.onSearchOk();
    render(query, result.data);
  }

  function render(query: string, found: ProductHit[]): void {
    hits = found;
    results.hidden = false;
    idle.hidden = true;
    if (found.length === 0) {
      results.replaceChildren(h("li", { class: "search-empty" }, `No products match “${query}”`));
      return;
    }
    results.replaceChildren(...found.map(renderHit));
  }

  function renderHit(hit: ProductHit): HTMLLIElement {
    const out = hit.on_hand <= 0;
    const button = h(
      "button",
      {
        type: "button",
        class: out ? "search-hit out-of-stock" : "search-hit",
        "data-product-id": hit.product_id,
      },
      h("span", { class: "hit-name" }, hit.name),
      h("span", { class: "hit-brand" }, hit.brand),
      h("span", { class: "hit-price" }, hit.price ? hit.price.display : "Not sold here"),
      h("span", { class: "hit-stock" }, stockText(hit.on_hand)),
    );
    const stock = h(
      "button",
      {
        type: "button",
        class: "button button-secondary hit-stock-button",
        "data-product-id": hit.product_id,
        "aria-label": `Stock of ${hit.name} here and in other stores`,
      },
      "Stock",
    );
    return h("li", { class: "search-hit-row" }, button, stock);
  }

  function hitButtons(): HTMLButtonElement[] {
    return Array.from(results.querySelectorAll<HTMLButtonElement>("button.search-hit"));
  }

  function clear(): void {
    cancelTimer();
    seq++;
    input.value = "";
    resetResults();
  }

  async function pick(button: HTMLButtonElement): Promise<void> {
    if (picking) return;
    const hit = hits.find((x) => x.product_id === button.dataset.productId);
    if (!hit) return;
    picking = true;
    try {
      if (await deps.pick(hit)) clear();
    } finally {
      picking = false;
    }
  }

  input.addEventListener("input", schedule);
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown") {
      const first = hitButtons()[0];
      if (first) {
        ev.preventDefault();
        focusElement(first);
      }
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      if (input.value) clear();
      else deps.onLeave();
    } else if (ev.key === "Enter") {
      // Search now instead of waiting for the debounce.
      ev.preventDefault();
      const query = input.value.trim();
      if (query.length >= SEARCH_MIN_CHARS) {
        cancelTimer();
        void run(query);
      }
    }
  });

  function showStock(button: HTMLButtonElement): void {
    const hit = hits.find((x) => x.product_id === button.dataset.productId);
    if (hit) deps.showStock(hit);
  }

  results.addEventListener("click", (ev) => {
    const target = ev.target as Element | null;
    const stock = target?.closest<HTMLButtonElement>("button.hit-stock-button");
    if (stock) return showStock(stock);
    const button = target?.closest<HTMLButtonElement>("button.search-hit");
    if (button) void pick(button);
  });
  results.addEventListener("keydown", (ev) => {
    const from = ev.target as Element | null;
    const stock = from?.closest<HTMLButtonElement>("button.hit-stock-button");
    if (stock && ev.key === "ArrowLeft") {
      // Back to the hit beside it.
      const hit = stock.parentElement?.querySelector<HTMLButtonElement>("button.search-hit");
      if (hit) {
        ev.preventDefault();
        focusElement(hit);
      }
      return;
    }
    const button = from?.closest<HTMLButtonElement>("button.search-hit");
    if (!button) return;
    if (ev.key === "ArrowRight") {
      // To the hit's Stock button.
      const beside = button.parentElement?.querySelector<HTMLButtonElement>("button.hit-stock-button");
      if (beside) {
        ev.preventDefault();
        focusElement(beside);
      }
      return;
    }
    const buttons = hitButtons();
    const index = buttons.indexOf(button);
    let target: HTMLElement | undefined;
    switch (ev.key) {
      case "ArrowDown":
        target = buttons[Math.min(index + 1, buttons.length - 1)];
        break;
      case "ArrowUp":
        target = index <= 0 ? input : buttons[index - 1];
        break;
      case "Home":
        target = buttons[0];
        break;
      case "End":
        target = buttons[buttons.length - 1];
        break;
      case "Escape":
        ev.preventDefault();
        clear();
        focusElement(input);
        return;
      case "Enter":
        // Handled here (not via the button's default click) so it works the same everywhere.
        ev.preventDefault();
        void pick(button);
        return;
      default:
        return;
    }
    ev.preventDefault();
    if (target) focusElement(target);
  });

  return {
    element,
    input,
    results,
    focus(select = false) {
      focusElement(input, select);
    },
    clear,
    destroy() {
      cancelTimer();
      seq++;
    },
  };
}
