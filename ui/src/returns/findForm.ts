import type { Problem } from "../bindings";
import { focusElement, h } from "../dom";

export type FindForm = {
  element: HTMLElement;
  input: HTMLInputElement;
  /** Show a problem (a failed find or return) in `#return-message`. */
  showProblem(problem: Problem): void;
  clearProblem(): void;
  /** While a find runs: the button waits. */
  setBusy(busy: boolean): void;
  focus(select?: boolean): void;
};

/**
 * The order number field, its Find button and the message area of the Returns
 * view. Enter in the field or the button calls `find` with the trimmed text
 * (an order number, an order id, or a receipt code's text).
 */
export function createFindForm(find: (query: string) => void): FindForm {
  const input = h("input", {
    id: "return-order-number",
    class: "search-input return-order-number",
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "return-find-hint",
  });
  const button = h("button", { id: "return-find", class: "button button-primary return-find", type: "button" }, "Find");
  const message = h("p", { id: "return-message", class: "message", role: "alert", "aria-atomic": "true" });
  const form = h(
    "div",
    { id: "return-find-form", class: "panel return-find-form", role: "search", "aria-label": "Find the purchase" },
    h("div", { class: "field-label-row" }, h("label", { for: "return-order-number", class: "field-label" }, "Order number")),
    h("div", { class: "return-find-row" }, input, button),
    h("p", { id: "return-find-hint", class: "return-hint" }, "Type the number on the receipt, or scan the receipt's code."),
    message,
  );
  button.addEventListener("click", () => find(input.value.trim()));
  input.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter" || ev.isComposing) return;
    ev.preventDefault();
    if (!button.disabled) find(input.value.trim());
  });

  return {
    element: form,
    input,
    showProblem(problem) {
      message.dataset.code = problem.code;
      message.classList.add("has-message");
      message.textContent = problem.message;
    },
    clearProblem() {
      delete message.dataset.code;
      message.classList.remove("has-message");
      message.textContent = "";
    },
    setBusy(busy) {
      button.disabled = busy;
      input.setAttribute("aria-busy", String(busy));
    },
    focus: (select = false) => focusElement(input, select),
  };
}
