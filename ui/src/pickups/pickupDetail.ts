import {
  commands,
  type HandOverDoneView,
  type HandoverLineView,
  type PickLineView,
  type PickupDetailView,
  type Problem,
  type VerificationInput,
} from "../bindings";
import { h } from "../dom";
import { call, type Result } from "../ipc";

/**
 * One pickup order at the counter: picking it by scanning (the scan box keeps
 * the focus while picking), short picks, marking it ready, then the
 * hand-over (verification, refused units, the outcome). Every action is a
 * button or an input with Enter; nothing needs a hover.
 */
export type PickupDetail = {
  element: HTMLElement;
  open(pickupId: string): Promise<void>;
  /** A customer's pickup QR was scanned: open its order, verified by the QR. */
  openByQr(qrText: string): Promise<void>;
  close(): void;
  isOpen(): boolean;
  /** True for the pick scan box (a scanner typing into it is handled there). */
  isScanBox(el: Element | null): boolean;
  /** A scan caught elsewhere while this is open: true if it was taken. */
  takeScan(code: string): boolean;
};

export type PickupDetailDeps = {
  /** A step changed the order (the queue should reload). */
  onChanged(): void;
  /** The panel was opened on an order (the queue may step aside). */
  onOpen(): void;
  onClose(): void;
  /** Take items of a collected order back (or exchange them) in the Returns view. */
  startReturn(orderId: string, number: string): void;
};

/** Looks like a Shopfloor signed code (`SF` and a digit), not a product barcode. */
export function isShopfloorCode(text: string): boolean {
  return /^SF\d/i.test(text.trim());
}

const REFUSAL_REASONS: [string, string][] = [
  ["damaged", "Damaged"],
  ["not_as_described", "Not as described"],
  ["wrong_size", "Wrong size"],
  ["changed_mind", "Changed their mind"],
];

export function createPickupDetail(deps: PickupDetailDeps): PickupDetail {
  const element = h("section", { id: "pickup-detail", class: "panel pickup-detail", hidden: true, "aria-labelledby": "pickup-order-number" });
  const message = h("p", { id: "pick-message", class: "message", role: "alert" });
  let view: PickupDetailView | null = null;
  /** How the person collecting was verified, once they were. */
  let verification: VerificationInput | null = null;
  /** Refused units and reasons by `line_no/product_id`. */
  let refused = new Map<string, { units: number; reason: string }>();
  let done: HandOverDoneView | null = null;
  let busy = Promise.resolve();

  function say(problem: Problem | null, note?: string): void {
    message.textContent = problem ? problem.message : (note ?? "");
    message.classList.toggle("has-message", Boolean(problem || note));
    if (problem) message.dataset.code = problem.code;
    else delete message.dataset.code;
  }

  /** Runs one action after the previous one; shows its view or its problem. */
  function act(run: () => Promise<Result<PickupDetailView, Problem>>, after?: (v: PickupDetailView) => void): Promise<void> {
    busy = busy.then(async () => {
      const result = await call(run);
      if (result.status === "error") {
        say(result.error);
        if (!view) {
          element.hidden = false;
          element.replaceChildren(message, button("pickup-close", "Back to the queue", () => close(), "button button-quiet"));
        }
        if (view?.status === "picking") focusScan();
        return;
      }
      say(null);
      show(result.data);
      after?.(result.data);
      deps.onChanged();
    });
    return busy;
  }

  function show(v: PickupDetailView): void {
    if (view?.pickup_id !== v.pickup_id) {
      refused = new Map();
      done = null;
    }
    view = v;
    if (element.hidden) deps.onOpen();
    element.hidden = false;
    element.dataset.pickupId = v.pickup_id;
    element.dataset.status = v.status;
    render();
  }

  function button(id: string | null, label: string, onClick: () => void, cls = "button button-primary"): HTMLButtonElement {
    const b = h("button", { id, class: cls, type: "button" }, label);
    b.addEventListener("click", onClick);
    return b;
  }

  const scan = h("input", {
    id: "pick-scan",
    class: "scan-input pick-scan",
    type: "text",
    autocomplete: "off",
    "aria-label": "Scan an item of this order",
    placeholder: "Scan each item",
  });
  scan.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    const code = scan.value.trim();
    scan.value = "";
    if (code) takeCode(code);
  });

  function takeCode(code: string): void {
    if (isShopfloorCode(code)) {
      void openByQr(code);
      return;
    }
    if (!view) return;
    const id = view.pickup_id;
    void act(() => commands.pickupScanPick(id, code), () => focusScan());
  }

  function focusScan(): void {
    if (!scan.isConnected) return;
    scan.focus({ preventScroll: true });
  }

  function pickLine(l: PickLineView, picking: boolean): HTMLElement {
    const shortButton = button(null, "Short", () => openShort(l), "button button-secondary pick-short");
    shortButton.setAttribute("aria-label", `Short pick: ${l.product_name}`);
    shortButton.disabled = !picking || l.done;
    const notes: string[] = [];
    if (l.unavailable > 0) notes.push(`${l.unavailable} unavailable (${l.short_reason ?? "short"}), refunded`);
    if (l.substituted > 0) notes.push(`${l.substituted} substituted by ${l.substitute_name ?? l.substitute_product_id}: ${l.consent_note ?? ""}`);
    return h(
      "li",
      { class: ["pick-line", l.done ? "is-done" : ""].filter(Boolean).join(" "), "data-line-no": l.line_no, "data-product-id": l.product_id },
      h("span", { class: "pick-name" }, l.product_name),
      h("span", { class: "pick-count", "aria-label": `${l.picked} of ${l.ordered} picked` }, `${l.picked}/${l.ordered}`),
      notes.length ? h("span", { class: "pick-note" }, notes.join("; ")) : null,
      shortButton,
    );
  }

  // The short-pick dialog (one for the panel).
  const shortUnits = h("input", { id: "short-unavailable", type: "number", min: 1, step: 1, value: "1", class: "order-input" });
  const shortReason = h(
    "select",
    { id: "short-reason", class: "order-input" },
    h("option", { value: "missing" }, "Missing"),
    h("option", { value: "damaged" }, "Damaged"),
  );
  const shortSubstitute = h("input", { id: "short-substitute", type: "text", autocomplete: "off", class: "order-input", placeholder: "Scan or type (optional)" });
  const shortConsent = h("input", { id: "short-consent", type: "text", class: "order-input", placeholder: "How the customer agreed" });
  const shortTitle = h("h3", { id: "short-title", class: "panel-title" }, "Short pick");
  let shortLine: PickLineView | null = null;
  const shortDialog = h(
    "div",
    { id: "short-dialog", class: "dialog short-dialog", role: "dialog", "aria-modal": "true", "aria-labelledby": "short-title", hidden: true },
    shortTitle,
    field("short-unavailable", "Units short", shortUnits),
    field("short-reason", "Why", shortReason),
    field("short-substitute", "Substitute product (optional)", shortSubstitute),
    field("short-consent", "Customer's consent (required with a substitute)", shortConsent),
    h(
      "div",
      { class: "dialog-actions" },
      button("short-confirm", "Confirm short pick", () => confirmShort()),
      button("short-cancel", "Cancel", () => closeShort(), "button button-quiet"),
    ),
  );
  shortDialog.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") {
      ev.preventDefault();
      closeShort();
    } else if (ev.key === "Enter" && ev.target instanceof HTMLInputElement) {
      ev.preventDefault();
      confirmShort();
    }
  });

  function field(id: string, label: string, input: HTMLElement): HTMLElement {
    return h("div", { class: "field" }, h("label", { for: id }, label), input);
  }

  function openShort(l: PickLineView): void {
    shortLine = l;
    shortTitle.textContent = `Short pick: ${l.product_name}`;
    shortUnits.value = String(Math.max(1, l.ordered - l.picked - l.unavailable - l.substituted));
    shortReason.value = "missing";
    shortSubstitute.value = "";
    shortConsent.value = "";
    shortDialog.hidden = false;
    shortUnits.focus();
    shortUnits.select();
  }

  function closeShort(): void {
    shortDialog.hidden = true;
    shortLine = null;
    focusScan();
  }

  function confirmShort(): void {
    if (!view || !shortLine) return;
    const id = view.pickup_id;
    const input = {
      line_no: shortLine.line_no,
      units: Number.parseInt(shortUnits.value, 10) || 0,
      reason: shortReason.value,
      substitute_code: shortSubstitute.value.trim() || null,
      consent_note: shortConsent.value.trim() || null,
    };
    void call(() => commands.pickupShortPick(id, input)).then((result) => {
      if (result.status === "error") {
        say(result.error);
        return;
      }
      say(null);
      shortDialog.hidden = true;
      shortLine = null;
      show(result.data);
      deps.onChanged();
      focusScan();
    });
  }

  // Verification without the QR.
  const verifyCode = h("input", { id: "verify-code", type: "text", autocomplete: "off", class: "order-input", inputmode: "text" });
  const verifyNote = h("input", { id: "verify-id-note", type: "text", class: "order-input", placeholder: "e.g. ID card, name matches" });
  verifyCode.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      ev.preventDefault();
      verify({ method: "order_code", qr_text: null, code: verifyCode.value, note: null });
    }
  });
  verifyNote.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      ev.preventDefault();
      verify({ method: "id_checked", qr_text: null, code: null, note: verifyNote.value });
    }
  });

  function verify(input: VerificationInput): void {
    if (!view) return;
    const id = view.pickup_id;
    void act(
      () => commands.pickupVerify(id, input),
      () => {
        verification = input;
        render();
        document.getElementById("handover-confirm")?.focus();
      },
    );
  }

  function key(l: HandoverLineView): string {
    return `${l.line_no}/${l.product_id}`;
  }

  function handoverLine(l: HandoverLineView): HTMLElement {
    const entry = refused.get(key(l)) ?? { units: 0, reason: "damaged" };
    const count = h("span", { class: "refused-count", "aria-live": "polite" }, entry.units > 0 ? `${entry.units} refused` : "");
    const reason = h("select", { class: "refusal-reason order-input", "aria-label": `Why ${l.product_name} was refused` });
    for (const [value, label] of REFUSAL_REASONS) reason.append(h("option", { value, selected: value === entry.reason }, label));
    reason.disabled = entry.units === 0;
    reason.addEventListener("change", () => {
      const e = refused.get(key(l));
      if (e) e.reason = reason.value;
    });
    const refuse = button(null, "Refuse one", () => {
      const e = refused.get(key(l)) ?? { units: 0, reason: reason.value };
      e.units = e.units >= l.units ? 0 : e.units + 1;
      refused.set(key(l), e);
      render();
      const again = Array.from(element.querySelectorAll<HTMLElement>(".handover-line")).find(
        (row) => row.dataset.lineNo === String(l.line_no) && row.dataset.productId === l.product_id,
      );
      again?.querySelector<HTMLButtonElement>(".handover-refuse")?.focus();
    }, "button button-secondary handover-refuse");
    refuse.setAttribute("aria-label", `Refuse one more ${l.product_name} (press again past ${l.units} to undo)`);
    return h(
      "li",
      { class: "handover-line", "data-line-no": l.line_no, "data-product-id": l.product_id },
      h("span", { class: "pick-name" }, l.product_name),
      h("span", { class: "handover-units" }, `${l.units - entry.units} of ${l.units} handed over`),
      refuse,
      count,
      reason,
    );
  }

  function handOver(): void {
    if (!view || !verification) return;
    const id = view.pickup_id;
    const input = {
      verification,
      refusals: view.handover
        .filter((l) => (refused.get(key(l))?.units ?? 0) > 0)
        .map((l) => ({ line_no: l.line_no, product_id: l.product_id, units: refused.get(key(l))!.units, reason: refused.get(key(l))!.reason })),
    };
    busy = busy.then(async () => {
      const result = await call(() => commands.pickupHandOver(id, input));
      if (result.status === "error") {
        say(result.error);
        return;
      }
      say(null);
      done = result.data;
      deps.onChanged();
      const fresh = await call(() => commands.pickupDetail(id));
      if (fresh.status === "ok") show(fresh.data);
      else render();
      document.getElementById("pickup-done")?.focus();
    });
  }

  function doneText(d: HandOverDoneView): string {
    const refusedPart = d.refused_units > 0 ? `, ${d.refused_units} refused` : "";
    const refund = d.refund ? ` Refund to the original payment: ${d.refund}.` : "";
    return `Order ${d.order_number} handed over: ${d.handed_units} item(s)${refusedPart}.${refund}`;
  }

  function render(): void {
    if (!view) return;
    const v = view;
    const picking = v.status === "picking";
    const parts: (HTMLElement | null)[] = [
      h(
        "div",
        { class: "panel-head" },
        h("h2", { id: "pickup-order-number", class: "panel-title" }, v.order_number),
        h("span", { class: `pickup-status status-${v.status}` }, v.status.replace("_", " ")),
        button("pickup-close", "Back to the queue", () => close(), "button button-quiet"),
      ),
      h("p", { class: "pickup-customer" }, `${v.customer_name ?? "No name given"} · ${v.total}`),
      message,
    ];
    if (v.status === "new" || picking) {
      parts.push(
        v.status === "new" ? button("pickup-start", "Start picking", () => void act(() => commands.pickupStartPicking(v.pickup_id), () => focusScan())) : null,
        picking ? h("div", { class: "field" }, h("label", { for: "pick-scan" }, "Scan each item"), scan) : null,
        h("ol", { class: "pick-lines" }, ...v.lines.map((l) => pickLine(l, picking))),
        picking ? button("pickup-ready", "Mark ready", () => void act(() => commands.pickupMarkReady(v.pickup_id))) : null,
        shortDialog,
      );
    } else if (v.status === "ready") {
      parts.push(verificationPart(v), h("ul", { class: "handover-lines" }, ...v.handover.map(handoverLine)));
      const confirm = button("handover-confirm", "Hand over", () => handOver());
      confirm.disabled = !verification;
      parts.push(confirm);
    } else {
      parts.push(h("ol", { class: "pick-lines" }, ...v.lines.map((l) => pickLine(l, false))));
      if (v.status === "picked_up") {
        parts.push(button("pickup-return", "Return or exchange items", () => deps.startReturn(v.order_id, v.order_number), "button button-secondary"));
      }
    }
    if (done && done.pickup_id === v.pickup_id) {
      parts.push(h("p", { id: "pickup-done", class: "pickup-done", role: "status", tabindex: -1 }, doneText(done)));
    }
    const hadFocusInScan = document.activeElement === scan;
    element.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
    if (hadFocusInScan || (picking && shortDialog.hidden)) focusScan();
  }

  function verificationPart(v: PickupDetailView): HTMLElement {
    if (verification) {
      const how = { pickup_qr: "pickup QR scanned", order_code: "order code told", id_checked: "ID checked" }[verification.method] ?? verification.method;
      return h("p", { id: "verified", class: "pickup-verified", "data-method": verification.method }, `Verified: ${how}.`);
    }
    return h(
      "div",
      { class: "pickup-verify" },
      h("p", {}, `Scan the customer's pickup QR, or check who is collecting order ${v.order_number}:`),
      field("verify-code", "Last 4 digits of the order number", verifyCode),
      button("verify-code-confirm", "Check code", () => verify({ method: "order_code", qr_text: null, code: verifyCode.value, note: null }), "button button-secondary"),
      field("verify-id-note", "ID checked (what was checked)", verifyNote),
      button("verify-id-confirm", "ID checked", () => verify({ method: "id_checked", qr_text: null, code: null, note: verifyNote.value }), "button button-secondary"),
    );
  }

  function open(pickupId: string): Promise<void> {
    if (view?.pickup_id !== pickupId) {
      verification = null;
      view = null;
    }
    return act(() => commands.pickupDetail(pickupId), (v) => {
      if (v.status !== "picking") document.getElementById("pickup-order-number")?.setAttribute("tabindex", "-1");
      if (v.status === "new") document.getElementById("pickup-start")?.focus();
    });
  }

  function openByQr(qrText: string): Promise<void> {
    verification = null;
    return act(() => commands.pickupFindByQr(qrText), (v) => {
      verification = { method: "pickup_qr", qr_text: qrText, code: null, note: null };
      render();
      if (v.status === "ready") document.getElementById("handover-confirm")?.focus();
    });
  }

  function close(): void {
    element.hidden = true;
    view = null;
    verification = null;
    done = null;
    delete element.dataset.pickupId;
    delete element.dataset.status;
    element.replaceChildren();
    deps.onClose();
  }

  return {
    element,
    open,
    openByQr,
    close,
    isOpen: () => view !== null,
    isScanBox: (el) => el === scan,
    takeScan(code) {
      if (isShopfloorCode(code)) {
        void openByQr(code);
        return true;
      }
      if (view?.status === "picking") {
        takeCode(code);
        return true;
      }
      return false;
    },
  };
}
