import { h } from "../dom";
import { newPickupsText } from "../format";

export type PickupNotice = {
  element: HTMLElement;
  show(count: number): void;
  hide(): void;
};

/**
 * "2 new pickup orders", polite (role=status), on both views. The element stays
 * in the page (hidden when there is nothing to say) so screen readers hear it.
 */
export function createPickupNotice(actions: { open(): void; dismiss(): void }): PickupNotice {
  const text = h("span", { id: "pickup-notice-text", class: "pickup-notice-text" });
  const openButton = h("button", { id: "pickup-notice-open", class: "button button-primary", type: "button" }, "Show");
  const dismissButton = h(
    "button",
    { id: "pickup-notice-dismiss", class: "button button-quiet", type: "button", "aria-label": "Dismiss the pickup notice" },
    "Dismiss",
  );
  const element = h(
    "div",
    { id: "pickup-notice", class: "pickup-notice", role: "status", hidden: true },
    text,
    openButton,
    dismissButton,
  );
  openButton.addEventListener("click", () => actions.open());
  dismissButton.addEventListener("click", () => actions.dismiss());

  return {
    element,
    show(count) {
      element.hidden = false;
      element.dataset.count = String(count);
      const message = newPickupsText(count);
      if (text.textContent !== message) text.textContent = message;
    },
    hide() {
      element.hidden = true;
      delete element.dataset.count;
      text.textContent = "";
    },
  };
}
