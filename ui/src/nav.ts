import { focusElement, h } from "./dom";

export type TabName = "register" | "pickups" | "returns";

export const TABS: readonly TabName[] = ["register", "pickups", "returns"];

export type Nav = {
  element: HTMLElement;
  tab(name: TabName): HTMLButtonElement;
  /** Mark a tab as the selected one (the caller shows its panel). */
  select(name: TabName): void;
  /** The number of open pickup orders, on the Pickups tab (null: not known yet). */
  setPickupCount(count: number | null): void;
};

const LABELS: Record<TabName, { text: string; keys: string }> = {
  register: { text: "Register", keys: "Alt+1" },
  pickups: { text: "Pickups", keys: "Alt+2" },
  returns: { text: "Returns", keys: "Alt+3" },
};

/**
 * The tabs between the Register, Pickups and Returns views. Every tab is in the
 * Tab order; ArrowLeft/ArrowRight move between them. `choose` is called when
 * one is activated (click, tap, Enter, Space) or reached with an arrow key.
 */
export function createNav(choose: (name: TabName, how: "activate" | "arrow") => void, ...extras: HTMLElement[]): Nav {
  const count = h("span", { id: "pickups-count", class: "tab-count", hidden: true });
  const tabs: Record<TabName, HTMLButtonElement> = {
    register: makeTab("register"),
    pickups: makeTab("pickups", count),
    returns: makeTab("returns"),
  };

  function makeTab(name: TabName, ...more: HTMLElement[]): HTMLButtonElement {
    const label = LABELS[name];
    const tab = h(
      "button",
      {
        id: `tab-${name}`,
        class: "tab",
        type: "button",
        role: "tab",
        "aria-selected": "false",
        "aria-controls": name,
        "aria-keyshortcuts": label.keys,
        "data-tab": name,
      },
      h("span", { class: "tab-label" }, label.text),
      ...more,
      h("span", { class: "shortcut tab-shortcut", "aria-hidden": "true" }, label.keys),
    );
    tab.addEventListener("click", () => choose(name, "activate"));
    return tab;
  }

  const tablist = h("div", { class: "tabs", role: "tablist", "aria-label": "Views" }, tabs.register, tabs.pickups, tabs.returns);
  tablist.addEventListener("keydown", (ev) => {
    if (ev.key !== "ArrowLeft" && ev.key !== "ArrowRight") return;
    const current = TABS.findIndex((name) => tabs[name] === document.activeElement);
    if (current < 0) return;
    ev.preventDefault();
    const next = TABS[(current + (ev.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length]!;
    focusElement(tabs[next]);
    choose(next, "arrow");
  });

  const element = h("nav", { id: "app-nav", class: "app-nav", "aria-label": "Views" }, tablist, ...extras);

  return {
    element,
    tab: (name) => tabs[name],
    select(name) {
      for (const other of TABS) {
        const selected = other === name;
        tabs[other].setAttribute("aria-selected", String(selected));
        tabs[other].classList.toggle("is-selected", selected);
      }
    },
    setPickupCount(n) {
      count.hidden = n === null || n <= 0;
      count.textContent = n === null ? "" : String(n);
      count.setAttribute("aria-label", n === 1 ? "1 open order" : `${n ?? 0} open orders`);
    },
  };
}
