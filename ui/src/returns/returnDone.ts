import type { ReturnDoneView } from "../bindings";
import { h } from "../dom";
import { methodLabel } from "./labels";

/** A return just taken: what is refunded, how, and the button that starts the next one (`onNew`). */
export function renderReturnDone(done: ReturnDoneView, onNew: () => void): { element: HTMLElement; focusTarget: HTMLButtonElement } {
  const again = h("button", { id: "return-new", class: "button button-primary", type: "button" }, "New return");
  again.addEventListener("click", onNew);
  const element = h(
    "section",
    { id: "return-done", class: "panel return-done", "data-return-id": done.return_id, "aria-labelledby": "return-done-title", tabindex: -1 },
    h("h2", { id: "return-done-title", class: "panel-title" }, "Return taken"),
    h("p", { class: "return-refund-line" }, "Refund: ", h("strong", { id: "return-refund" }, done.refund.display)),
    h(
      "ul",
      { id: "return-refunds", class: "return-refunds" },
      ...done.refunds.map((p) =>
        h(
          "li",
          { class: "refund-part", "data-method": p.method },
          h("span", { class: "refund-method" }, methodLabel(p.method)),
          " ",
          h("span", { class: "refund-amount" }, p.amount.display),
          p.reference ? h("span", { class: "refund-reference" }, ` · ${p.reference}`) : null,
        ),
      ),
    ),
    done.provisional
      ? h("p", { id: "return-done-provisional", class: "message has-message is-note" }, "Taken on this device; the hub checks it when it syncs.")
      : null,
    h("div", { class: "actions" }, again),
  );
  return { element, focusTarget: again };
}
