import type { StoreView } from "./bindings";
import { h } from "./dom";
import { APP_NAME } from "./format";

/** The top bar: app name, store, and the status bar (always in sight). */
export function createHeader(store: StoreView, statusBar: HTMLElement): HTMLElement {
  return h(
    "header",
    { id: "app-header", class: "app-header" },
    h("div", { class: "app-name" }, APP_NAME),
    h(
      "div",
      { class: "store" },
      h("span", { id: "store-name", class: "store-name" }, store.name),
      h("span", { id: "store-code", class: "store-code" }, store.code),
    ),
    statusBar,
  );
}
