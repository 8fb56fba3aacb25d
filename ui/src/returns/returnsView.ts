import type { ApprovalInput, CartView, ExchangeInput, NoReceiptInput, Problem, ReturnDoneView, ReturnInput, ReturnOrderView } from "../bindings";
import { focusElement, h } from "../dom";
import type { Result } from "../ipc";
import { createFindForm } from "./findForm";
import { renderNoReceiptForm } from "./noReceiptForm";
import { renderReturnDone } from "./returnDone";
import { renderReturnOrder, type ReturnOrderForm } from "./returnOrder";

export type ReturnActions = {
  find(query: string): Promise<Result<ReturnOrderView, Problem>>;
  /**
   * Takes the return; `take` is run again with a manager's approval when Rust
   * asks for one (the caller brings the approval dialog).
   */
  run<T>(take: (approval: ApprovalInput | null) => Promise<Result<T, Problem>>): Promise<Result<T, Problem>>;
  take(input: ReturnInput): Promise<Result<ReturnDoneView, Problem>>;
  /** Starts an exchange: the lines' value goes on the sale's cart as a credit. */
  startExchange(input: ExchangeInput): Promise<Result<CartView, Problem>>;
  /** The exchange started: the Register shows the cart with its credit, to sell the new items. */
  exchangeStarted(cart: CartView): void;
  /** A return without a receipt (store credit, a manager approves). */
  takeNoReceipt(input: NoReceiptInput): Promise<Result<ReturnDoneView, Problem>>;
};

export type ReturnsView = {
  element: HTMLElement;
  /** Find and show the purchase of a scanned receipt (its order id); `number` goes in the field. */
  openOrder(orderId: string, number: string): void;
  /** Focus the order number field (the view was opened from its tab). */
  focus(): void;
  /** True while a return is being taken (the manager's approval dialog may be open): shortcuts wait. */
  isBusy(): boolean;
};

/**
 * The Returns view: find a purchase, choose what comes back and how it is
 * refunded, take it (with a manager's approval when the policy asks), and
 * see the refund. Only the latest find's answer is shown; no find starts
 * while a return is being taken, so a taken return is always shown.
 */
export function createReturnsView(actions: ReturnActions): ReturnsView {
  const find = createFindForm((query) => void load(query));
  const area = h("div", { id: "return-area", class: "return-area", "aria-live": "polite" });
  const noReceiptButton = h("button", { id: "return-no-receipt", class: "button button-secondary", type: "button" }, "No receipt");
  noReceiptButton.addEventListener("click", () => openNoReceipt());
  const element = h("section", { id: "returns", class: "returns", "aria-label": "Returns" }, find.element, noReceiptButton, area);
  let current: ReturnOrderForm | null = null;
  let taking = false;
  /** Which find is current: an answer to an earlier one is dropped. */
  let asked = 0;

  async function load(query: string): Promise<void> {
    if (taking) return; // the return being taken is shown first
    const mine = ++asked;
    current = null;
    area.replaceChildren();
    find.clearProblem();
    if (!query) {
      find.showProblem({ code: "invalid_input", message: "Type an order number or scan the receipt's code." });
      find.focus();
      return;
    }
    find.setBusy(true);
    const result = await actions.find(query);
    if (mine !== asked) return;
    find.setBusy(false);
    if (result.status === "error") {
      find.showProblem(result.error);
      find.focus(true);
      return;
    }
    current = renderReturnOrder(result.data, () => void confirm(), () => void exchange());
    area.replaceChildren(current.element);
    const first = current.firstQuantity();
    if (first) focusElement(first, true);
    else find.showProblem({ code: "invalid_input", message: `Everything of order ${result.data.number} has come back already.` });
  }

  /**
   * Reads the chosen lines and runs `request` with them (asking for a manager's
   * approval when Rust does), the find form busy and `buttonId` disabled
   * meanwhile; resolves to the answer, or null when nothing was sent.
   */
  async function send<T>(
    buttonId: string,
    request: (picked: Omit<ReturnInput, "approval">, approval: ApprovalInput | null) => Promise<Result<T, Problem>>,
  ): Promise<T | null> {
    if (!current || taking) return null;
    const form = current;
    find.clearProblem();
    const picked = form.read();
    if ("problem" in picked) {
      find.showProblem(picked.problem);
      form.firstQuantity()?.focus();
      return null;
    }
    taking = true;
    find.setBusy(true);
    const button = form.element.querySelector<HTMLButtonElement>(`#${buttonId}`);
    if (button) button.disabled = true;
    const result = await actions.run((approval) => request(picked.ok, approval));
    taking = false;
    find.setBusy(false);
    if (button) button.disabled = false;
    if (result.status === "error") {
      find.showProblem(result.error);
      if (button) focusElement(button);
      return null;
    }
    current = null;
    return result.data;
  }

  async function confirm(): Promise<void> {
    const taken = await send("return-confirm", (picked, approval) => actions.take({ ...picked, approval }));
    if (!taken) return;
    const done = renderReturnDone(taken, reset);
    area.replaceChildren(done.element);
    focusElement(done.focusTarget);
  }

  async function exchange(): Promise<void> {
    const cart = await send("return-exchange", ({ order_id, lines }, approval) => actions.startExchange({ order_id, lines, approval }));
    if (!cart) return;
    area.replaceChildren();
    find.input.value = "";
    actions.exchangeStarted(cart);
  }

  function openNoReceipt(): void {
    if (taking) return;
    asked++;
    current = null;
    find.clearProblem();
    const form = renderNoReceiptForm(() => void takeNoReceipt());
    area.replaceChildren(form.element);
    form.focus();

    async function takeNoReceipt(): Promise<void> {
      if (taking) return;
      find.clearProblem();
      const typed = form.read();
      if ("problem" in typed) {
        find.showProblem(typed.problem);
        return;
      }
      taking = true;
      const result = await actions.run((approval) => actions.takeNoReceipt({ ...typed.ok, approval }));
      taking = false;
      if (result.status === "error") {
        find.showProblem(result.error);
        return;
      }
      const done = renderReturnDone(result.data, reset);
      area.replaceChildren(done.element);
      focusElement(done.focusTarget);
    }
  }

  function reset(): void {
    asked++;
    current = null;
    area.replaceChildren();
    find.clearProblem();
    find.setBusy(false);
    find.input.value = "";
    find.focus();
  }

  return {
    element,
    openOrder(orderId, number) {
      find.input.value = number;
      void load(orderId);
    },
    focus: () => find.focus(true),
    isBusy: () => taking,
  };
}
