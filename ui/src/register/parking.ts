/**
 * Parking the sale (a customer forgot their wallet) and taking it back
 * later: under the sale, an optional label and "Park (F7)", and "Parked
 * carts (F6)", which lists the store's parked carts in a dialog with a
 * Resume button each. A parked cart comes back into an empty sale only;
 * when the backend refuses, the dialog says why and stays open.
 */
import type { CartView, ParkedCartView, ParkedDoneView, Problem, ResumedView } from "../bindings";
import type { Result } from "../ipc";
import { type Dialog, focusElement, h, openDialog } from "../dom";
import { clockText, unitsText } from "../format";

export type ParkingActions = {
  /** Where the dialog is added (it is removed again on close). */
  host: HTMLElement;
  /** Park the sale under `label`; what was parked, or null when it failed (the message area says why). */
  park(label: string | null): Promise<ParkedDoneView | null>;
  list(): Promise<Result<ParkedCartView[], Problem>>;
  /** Resume a parked cart into the sale. */
  resume(id: string): Promise<Result<ResumedView, Problem>>;
  /** After parking, resuming or closing the list: focus goes back to the scan box. */
  onDone(): void;
};

export type Parking = {
  element: HTMLElement;
  render(cart: CartView): void;
  /** F7: the label field, to type a label (or not) and press Enter. */
  startPark(): void;
  /** F6: the parked carts list. */
  openList(): void;
  isListOpen(): boolean;
  destroy(): void;
};

/** How a parked cart is named: its label, else its customer. */
function nameOf(k: { label: string | null; customer_name?: string | null }): string {
  return k.label ?? k.customer_name ?? "Unlabelled cart";
}

export function createParking(actions: ParkingActions): Parking {
  let cart: CartView | null = null;
  let dialog: Dialog | null = null;
  const label = h("input", {
    id: "park-label",
    class: "input",
    maxlength: 60,
    autocomplete: "off",
    placeholder: "Label, e.g. the customer's name",
    "aria-label": "Label for the parked cart (optional)",
  });
  const park = h("button", { id: "park-cart", type: "button", class: "button button-secondary", "aria-keyshortcuts": "F7" }, "Park (F7)");
  const show = h(
    "button",
    { id: "open-parked-carts", type: "button", class: "button button-quiet", "aria-keyshortcuts": "F6" },
    "Parked carts (F6)",
  );
  const status = h("p", { id: "park-status", class: "park-status", role: "status" });
  const element = h("div", { id: "parking", class: "parking" }, h("div", { class: "parking-row" }, label, park, show), status);

  async function parkNow(): Promise<void> {
    if (!cart || cart.lines.length === 0) return;
    park.disabled = true;
    const done = await actions.park(label.value.trim() || null);
    park.disabled = cart.lines.length === 0;
    if (!done) return;
    label.value = "";
    status.textContent = `Parked “${nameOf(done.parked)}” (${unitsText(done.parked.units)}). Resume it from Parked carts (F6).`;
    actions.onDone();
  }

  park.addEventListener("click", () => void parkNow());
  show.addEventListener("click", () => openList());
  label.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      ev.preventDefault();
      void parkNow();
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      label.value = "";
      actions.onDone();
    }
  });

  function openList(): void {
    if (dialog) return;
    const close = h("button", { id: "parked-close", type: "button", class: "button button-quiet" }, "Close");
    const problem = h("p", { id: "parked-problem", class: "conflicts-error", role: "alert", hidden: true });
    const list = h("ul", { id: "parked-cart-list", class: "parked-list", "aria-live": "polite" });
    const note = h("p", { id: "parked-note", class: "conflicts-note" }, "Looking up parked carts…");
    const panel = h(
      "section",
      { id: "parked-carts", class: "dialog-panel parked-panel", role: "dialog", "aria-modal": "true", "aria-labelledby": "parked-title" },
      h("div", { class: "panel-head" }, h("h2", { id: "parked-title", class: "panel-title" }, "Parked carts"), close),
      problem,
      note,
      list,
    );
    const opened = openDialog(actions.host, "parked-overlay", panel, close, () => {
      dialog = null;
      actions.onDone();
    });
    dialog = opened;

    function showProblem(p: Problem): void {
      problem.dataset.code = p.code;
      problem.textContent = p.message;
      problem.hidden = false;
    }

    async function load(): Promise<void> {
      panel.setAttribute("aria-busy", "true");
      const result = await actions.list();
      if (opened.isClosed()) return;
      panel.removeAttribute("aria-busy");
      if (result.status === "error") {
        note.textContent = "";
        showProblem(result.error);
        return;
      }
      note.textContent =
        result.data.length === 0 ? "No parked carts. Park a sale with Park (F7) when a customer has to step away." : "";
      note.hidden = result.data.length > 0;
      list.replaceChildren(...result.data.map((k) => item(k)));
    }

    function item(k: ParkedCartView): HTMLElement {
      const resume = h("button", { type: "button", class: "button button-primary parked-resume", "aria-label": `Resume ${nameOf(k)}` }, "Resume");
      resume.addEventListener("click", () => void resumeNow(k, resume));
      const lines = k.lines.map((l) => `${l.quantity} × ${l.name}${l.label ? ` (${l.label})` : ""}`).join(", ");
      return h(
        "li",
        { class: "parked-cart", "data-id": k.id, "data-here": k.here, "data-waiting": k.waiting_to_sync },
        h(
          "div",
          { class: "parked-head" },
          h("strong", { class: "parked-name" }, nameOf(k)),
          h("span", { class: "parked-when" }, `${clockText(k.parked_at)} · ${k.register}`),
        ),
        h(
          "p",
          { class: "parked-what" },
          `${unitsText(k.units)} · ${k.total.display}`,
          k.customer_name && k.label ? ` · for ${k.customer_name}` : null,
        ),
        h("p", { class: "parked-lines" }, lines),
        k.waiting_to_sync ? h("p", { class: "parked-waiting" }, "Waiting to sync: other registers cannot see it yet.") : null,
        resume,
      );
    }

    async function resumeNow(k: ParkedCartView, button: HTMLButtonElement): Promise<void> {
      button.disabled = true;
      problem.hidden = true;
      const result = await actions.resume(k.id);
      if (opened.isClosed()) return;
      button.disabled = false;
      if (result.status === "error") {
        showProblem(result.error);
        // Resumed at another register meanwhile: show the list as it is now.
        if (result.error.code === "not_found") void load();
        return;
      }
      status.textContent = [`Resumed “${nameOf(k)}”.`, ...result.data.notes].join(" ");
      opened.close();
    }

    void load();
  }

  return {
    element,
    render(next) {
      cart = next;
      park.disabled = next.lines.length === 0;
      if (next.lines.length > 0 && status.textContent?.startsWith("Parked")) status.textContent = "";
    },
    startPark() {
      if (!cart || cart.lines.length === 0) return;
      focusElement(label, true);
    },
    openList,
    isListOpen: () => dialog !== null,
    destroy() {
      dialog?.close();
    },
  };
}
