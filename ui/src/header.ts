import type { StaffView, StoreView } from "./bindings";
import { h } from "./dom";
import { APP_NAME } from "./format";
import { roleName } from "./signIn";

/** The top bar: app name, store, who is signed in, and the status bar (always in sight). */
export function createHeader(store: StoreView, staff: StaffView, statusBar: HTMLElement, signOut: () => void): HTMLElement {
  const signOutButton = h("button", { id: "sign-out", class: "button sign-out", type: "button" }, "Sign out");
  signOutButton.addEventListener("click", signOut);
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
    h(
      "div",
      { id: "signed-in", class: "signed-in", "data-role": staff.role },
      h("span", { id: "staff-name", class: "staff-name" }, staff.name),
      h("span", { class: "staff-role" }, roleName(staff.role)),
      signOutButton,
    ),
    statusBar,
  );
}
