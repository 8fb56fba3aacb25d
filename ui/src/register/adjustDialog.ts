import type { ApprovalInput, CartLineView, CartView, DiscountInput, Problem } from "../bindings";
import { focusElement, h, openDialog } from "../dom";
import type { Result } from "../ipc";
import { exponentOf, parseAmount } from "./checkout";

export type AdjustActions = {
  /** Runs a change that may need a manager's approval (the approval dialog is asked for by the caller). */
  run(action: (approval: ApprovalInput | null) => Promise<Result<CartView, Problem>>): Promise<Result<CartView, Problem>>;
  overridePrice(unitPriceMinor: number | null, approval: ApprovalInput | null): Promise<Result<CartView, Problem>>;
  setDiscount(discount: DiscountInput | null, approval: ApprovalInput | null): Promise<Result<CartView, Problem>>;
  /** The changed cart, to show. */
  done(cart: CartView): void;
  closed(): void;
};

/** "15", "12.5" (percent) → basis points; null when it is not a percentage from 0.01 to 100. */
export function percentToBasisPoints(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0") || "0");
  return bp >= 1 && bp <= 10_000 ? bp : null;
}

/**
 * Change a line's price or discount, or (without a line) the discount on the
 * whole sale. Rust decides what needs a manager: the manager's PIN is asked
 * for then, and the change is made with it or not at all.
 */
export function openAdjustDialog(line: CartLineView | null, total: CartView["total"], actions: AdjustActions): void {
  const price = h("input", { id: "adjust-price", class: "input", inputmode: "decimal", autocomplete: "off", "aria-label": "New unit price" });
  const percent = h("input", { id: "adjust-percent", class: "input", inputmode: "decimal", autocomplete: "off", "aria-label": "Discount in percent" });
  const problem = h("p", { id: "adjust-problem", class: "message", role: "alert" });
  const apply = h("button", { id: "adjust-apply", type: "submit", class: "button button-primary" }, "Apply");
  const remove = h("button", { id: "adjust-remove", type: "button", class: "button button-secondary" }, "Remove discount");
  const cancel = h("button", { id: "adjust-cancel", type: "button", class: "button button-quiet" }, "Cancel (Esc)");
  const title = line ? `Price or discount: ${line.name}` : "Discount on the whole sale";
  const form = h(
    "form",
    { id: "adjust", class: "panel adjust-panel", role: "dialog", "aria-modal": "true", "aria-labelledby": "adjust-title" },
    h("h2", { id: "adjust-title", class: "panel-title" }, title),
    line ? h("label", { class: "field" }, `New unit price (now ${line.unit_price.display})`, price) : null,
    h("label", { class: "field" }, "Discount %", percent),
    problem,
    h("div", { class: "actions" }, apply, remove, cancel),
  );
  const dialog = openDialog(document.body, "adjust-overlay", form, cancel, () => actions.closed());
  focusElement(line ? price : percent);

  async function change(run: (approval: ApprovalInput | null) => Promise<Result<CartView, Problem>>): Promise<boolean> {
    const result = await actions.run(run);
    if (result.status === "ok") {
      actions.done(result.data);
      return true;
    }
    problem.textContent = result.error.message;
    return false;
  }

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    problem.textContent = "";
    const priceText = price.value.trim();
    const percentText = percent.value.trim();
    if (!priceText && !percentText) {
      problem.textContent = "Type a new price or a discount.";
      return;
    }
    if (priceText && line) {
      const minor = parseAmount(priceText, exponentOf(total));
      if (minor === null) {
        problem.textContent = `Type the price, e.g. ${line.unit_price.display.split(" ")[0]}.`;
        return;
      }
      if (!(await change((a) => actions.overridePrice(minor, a)))) return;
    }
    if (percentText) {
      const bp = percentToBasisPoints(percentText);
      if (bp === null) {
        problem.textContent = "Type a discount from 0.01 to 100 %.";
        return;
      }
      if (!(await change((a) => actions.setDiscount({ kind: "percent", basis_points: bp }, a)))) return;
    }
    dialog.close();
  });
  remove.addEventListener("click", async () => {
    if (await change((a) => actions.setDiscount(null, a))) dialog.close();
  });
}
