import type { CustomerCardView, Problem } from "../bindings";
import { focusElement, h } from "../dom";
import type { Result } from "../ipc";

export const CUSTOMER_SEARCH_LIMIT = 10;

export type CustomerSearchDeps = {
  search(query: string): Promise<Result<CustomerCardView[], Problem>>;
  /** Open the customer's card (in the panel beside the sale). */
  open(customer: CustomerCardView): void;
  /** Escape on an empty field hands focus back (to the scan box). */
  onLeave(): void;
  /** "New customer": enrol somebody who is not found. */
  newCustomer(): void;
  debounceMs: number;
};

export type CustomerSearch = {
  element: HTMLElement;
  input: HTMLInputElement;
  focus(select?: boolean): void;
  destroy(): void;
};

/** Enough typed to search: two letters, or three digits of a number. */
function searchable(text: string): boolean {
  const digits = text.replace(/\D/g, "").length;
  return /^[\d\s+\-()./]+$/.test(text) ? digits >= 3 : text.trim().length >= 2;
}

/**
 * Find a customer as you type: name, email, phone in any usual form, or a
 * loyalty card number. Results are buttons (touch and keyboard alike);
 * ArrowDown moves from the field into them, Escape clears, then leaves.
 */
export function createCustomerSearch(deps: CustomerSearchDeps): CustomerSearch {
  const input = h("input", {
    id: "customer-search",
    class: "search-input",
    type: "search",
    autocomplete: "off",
    spellcheck: "false",
    enterkeyhint: "search",
    "aria-controls": "customer-results",
    "aria-describedby": "customer-search-hint",
  });
  const newButton = h("button", { id: "new-customer", type: "button", class: "button button-secondary" }, "New customer");
  newButton.addEventListener("click", () => deps.newCustomer());
  const results = h("ul", { id: "customer-results", class: "search-results", "aria-label": "Matching customers", hidden: true });
  const status = h("p", { id: "customer-search-status", class: "search-idle", role: "status" }, "Name, email, phone or card number.");
  const element = h(
    "section",
    { class: "panel search-panel customer-search-panel", "aria-label": "Customer search" },
    h(
      "div",
      { class: "field search-field" },
      h(
        "div",
        { class: "field-label-row" },
        h("label", { for: "customer-search", class: "field-label" }, "Find a customer"),
        h("span", { id: "customer-search-hint", class: "shortcut" }, "F4"),
      ),
      input,
    ),
    status,
    results,
    newButton,
  );

  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function render(hits: CustomerCardView[]): void {
    results.replaceChildren(...hits.map(hitItem));
    results.hidden = hits.length === 0;
    status.textContent = hits.length === 0 ? "No customer matches." : hits.length === 1 ? "1 customer" : `${hits.length} customers`;
  }

  function hitItem(hit: CustomerCardView): HTMLLIElement {
    const contact = [hit.email, hit.phone].filter(Boolean).join(" · ");
    const card = hit.loyalty;
    const button = h(
      "button",
      { type: "button", class: "search-hit customer-hit", "data-customer-id": hit.customer_id },
      h("span", { class: "hit-name" }, hit.name),
      h("span", { class: "hit-meta" }, contact || "No contact details"),
      h("span", { class: "hit-meta" }, card ? `Card ${card.number} · ${card.tier}` : "No loyalty card"),
    );
    button.addEventListener("click", () => deps.open(hit));
    return h("li", {}, button);
  }

  async function run(text: string): Promise<void> {
    const mine = ++seq;
    const result = await deps.search(text);
    if (mine !== seq) return; // a later query superseded this one
    if (result.status === "error") {
      status.textContent = `Customers not searched: ${result.error.message}`;
      status.dataset.code = result.error.code;
      return;
    }
    delete status.dataset.code;
    render(result.data);
  }

  input.addEventListener("input", () => {
    if (timer) clearTimeout(timer);
    const text = input.value.trim();
    if (!searchable(text)) {
      seq++;
      results.replaceChildren();
      results.hidden = true;
      status.textContent = "Name, email, phone or card number.";
      return;
    }
    timer = setTimeout(() => void run(text), deps.debounceMs);
  });

  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown") {
      const first = results.querySelector<HTMLButtonElement>("button");
      if (first) {
        ev.preventDefault();
        focusElement(first);
      }
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      if (input.value) {
        input.value = "";
        input.dispatchEvent(new Event("input"));
      } else deps.onLeave();
    }
  });

  results.addEventListener("keydown", (ev) => {
    const buttons = Array.from(results.querySelectorAll<HTMLButtonElement>("button"));
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      const next = ev.key === "ArrowDown" ? at + 1 : at - 1;
      focusElement(next < 0 ? input : buttons[Math.min(next, buttons.length - 1)]!);
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      focusElement(input);
    }
  });

  return {
    element,
    input,
    focus(select = false) {
      focusElement(input, select);
    },
    destroy() {
      if (timer) clearTimeout(timer);
      seq++;
    },
  };
}
