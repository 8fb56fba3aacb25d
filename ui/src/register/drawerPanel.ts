/**
 * The cash drawer, as a modal panel (the Drawer button or F8): open it
 * with a float; while open, what it should hold, cash in or out with a
 * reason, and the close with the counted cash (expected and over/short
 * shown as the count is typed); and the Z report of a day, printable.
 * Everything works offline: the device keeps it and sends it when online.
 * Enter in an amount field does that field's action; Escape closes the panel.
 */
import type { ClosedDrawerView, DrawerCashKind, DrawerView, Problem, ZReportView } from "../bindings";
import type { Result } from "../ipc";
import { focusElement, h, openDialog } from "../dom";
import { clockText, minorText } from "../format";
import { parseAmount } from "./checkout";
import { printZReport, renderZReport, stopPrintingZReport } from "./zReport";

export type DrawerPanelDeps = {
  /** Where the panel is added (it is removed again on close). */
  host: HTMLElement;
  load(): Promise<Result<DrawerView, Problem>>;
  open(floatMinor: number): Promise<Result<DrawerView, Problem>>;
  cash(kind: DrawerCashKind, amountMinor: number, reason: string): Promise<Result<DrawerView, Problem>>;
  close(countedMinor: number): Promise<Result<ClosedDrawerView, Problem>>;
  /** `day` YYYY-MM-DD, or null for today. */
  zReport(day: string | null): Promise<Result<ZReportView, Problem>>;
  print(): void;
  onClose(): void;
};

export type DrawerPanel = { element: HTMLElement; close(): void };

function amountInput(id: string, label: string): HTMLInputElement {
  return h("input", { id, class: "order-input drawer-amount-input", inputmode: "decimal", autocomplete: "off", "aria-label": label });
}

function field(id: string, label: string, input: HTMLElement): HTMLElement {
  return h("div", { class: "field order-field" }, h("label", { for: id, class: "field-label" }, label), input);
}

function onEnter(input: HTMLElement, run: () => void): void {
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      ev.preventDefault();
      run();
    }
  });
}

export function openDrawerPanel(deps: DrawerPanelDeps): DrawerPanel {
  let view: DrawerView | null = null;
  let busy = false;
  const done = h("button", { id: "drawer-done", class: "button button-quiet", type: "button" }, "Close (Esc)");
  const error = h("p", { id: "drawer-error", class: "conflicts-error", role: "alert", hidden: true });
  const status = h("div", { id: "drawer-state", class: "drawer-state", "aria-live": "polite" }, h("p", { class: "conflicts-note" }, "Loading the drawer…"));
  const zDay = h("input", { id: "z-report-day", class: "order-input", type: "date", "aria-label": "Business day (empty: today)" });
  const zShow = h("button", { id: "z-report-show", class: "button button-secondary", type: "button" }, "Show Z report");
  const zPrint = h("button", { id: "z-report-print", class: "button button-secondary", type: "button", hidden: true }, "Print");
  const zBlock = h("section", { id: "z-report", class: "z-report", "aria-label": "Z report", hidden: true });
  const panel = h(
    "section",
    { id: "drawer-panel", class: "dialog-panel drawer-panel", role: "dialog", "aria-modal": "true", "aria-labelledby": "drawer-title" },
    h("div", { class: "panel-head" }, h("h2", { id: "drawer-title", class: "panel-title" }, "Cash drawer"), done),
    h("div", { class: "drawer-body" }, error, status, h("div", { class: "drawer-z" }, field("z-report-day", "Z report of the day", zDay), zShow, zPrint), zBlock),
  );

  function showProblem(p: Problem | null): void {
    error.hidden = p === null;
    error.textContent = p?.message ?? "";
    if (p) error.dataset.code = p.code;
  }

  /** Runs one command at a time; a problem is shown, an answer rendered. */
  async function run<T>(call: () => Promise<Result<T, Problem>>, then: (data: T) => void): Promise<boolean> {
    if (busy) return false;
    busy = true;
    panel.setAttribute("aria-busy", "true");
    const result = await call();
    busy = false;
    panel.removeAttribute("aria-busy");
    if (dialog.isClosed()) return false;
    if (result.status === "error") {
      showProblem(result.error);
      return false;
    }
    showProblem(null);
    then(result.data);
    return true;
  }

  /** Reads an amount typed in `input`, or shows how to type one. */
  function typedAmount(input: HTMLInputElement, what: string): number | null {
    const decimals = view?.currency_decimals ?? 2;
    const minor = parseAmount(input.value, decimals);
    if (minor === null) {
      showProblem({ code: "invalid_input", message: `Type the ${what} in ${decimals > 0 ? `units and ${decimals} decimals at most, e.g. 100.${"0".repeat(decimals)}` : "whole units, e.g. 100"}.` });
      focusElement(input, true);
    }
    return minor;
  }

  function render(next: DrawerView, closed: ClosedDrawerView | null = null): void {
    view = next;
    if (next.open) {
      status.replaceChildren(...openPart(next));
      focusElement(status.querySelector<HTMLElement>("#drawer-amount")!);
    } else {
      status.replaceChildren(...closedPart(next, closed));
      focusElement(status.querySelector<HTMLElement>("#drawer-float")!);
    }
  }

  function closedPart(next: DrawerView, justClosed: ClosedDrawerView | null): HTMLElement[] {
    const float = amountInput("drawer-float", "Float");
    const open = h("button", { id: "drawer-open", class: "button button-primary", type: "button" }, "Open drawer");
    const submit = (): void => {
      const minor = typedAmount(float, "float");
      if (minor !== null) void run(() => deps.open(minor), (v) => render(v));
    };
    open.addEventListener("click", submit);
    onEnter(float, submit);
    const last = justClosed ?? next.last_closed;
    return [
      h("p", { id: "drawer-status", class: "drawer-status", "data-state": "closed" }, "The drawer is closed."),
      ...(last ? [closeResult(last, justClosed !== null)] : []),
      h("div", { class: "drawer-form" }, field("drawer-float", "Float (cash put in to start)", float), open),
    ];
  }

  function openPart(next: DrawerView): HTMLElement[] {
    const open = next.open!;
    const cash = open.cash;
    const amount = amountInput("drawer-amount", "Amount");
    const reason = h("input", { id: "drawer-reason", class: "order-input", type: "text", autocomplete: "off", maxlength: 200, placeholder: "e.g. change from the safe" });
    const cashIn = h("button", { id: "drawer-cash-in", class: "button button-secondary", type: "button" }, "Cash in");
    const cashOut = h("button", { id: "drawer-cash-out", class: "button button-secondary", type: "button" }, "Cash out");
    const move = (kind: DrawerCashKind): void => {
      const minor = typedAmount(amount, "amount");
      if (minor !== null) void run(() => deps.cash(kind, minor, reason.value), (v) => render(v));
    };
    cashIn.addEventListener("click", () => move("in"));
    cashOut.addEventListener("click", () => move("out"));

    const counted = amountInput("drawer-counted", "Counted cash");
    const preview = h("p", { id: "drawer-over-short", class: "drawer-preview", "aria-live": "polite" }, `Expected ${cash.expected.display}`);
    counted.addEventListener("input", () => {
      const minor = parseAmount(counted.value, next.currency_decimals);
      if (minor === null) {
        preview.textContent = `Expected ${cash.expected.display}`;
        delete preview.dataset.overShort;
        return;
      }
      const diff = minor - cash.expected.minor;
      preview.dataset.overShort = String(diff);
      const text = diff === 0 ? "Exact" : diff > 0 ? `Over by ${minorText(diff, next.currency_decimals, cash.expected.currency)}` : `Short by ${minorText(-diff, next.currency_decimals, cash.expected.currency)}`;
      preview.textContent = `Expected ${cash.expected.display} · counted ${minorText(minor, next.currency_decimals, cash.expected.currency)} · ${text}`;
    });
    const close = h("button", { id: "drawer-close", class: "button button-primary", type: "button" }, "Close drawer");
    const submitClose = (): void => {
      const minor = typedAmount(counted, "counted cash");
      if (minor !== null) {
        void run(
          () => deps.close(minor),
          (result) => render({ ...next, open: null, last_closed: result }, result),
        );
      }
    };
    close.addEventListener("click", submitClose);
    onEnter(counted, submitClose);

    return [
      h("p", { id: "drawer-status", class: "drawer-status", "data-state": "open" }, `Open since ${clockText(open.opened_at)} · opened by ${open.opened_by}`),
      h(
        "table",
        { id: "drawer-summary", class: "z-table" },
        h(
          "tbody",
          {},
          summaryRow("Float", cash.float.display),
          summaryRow("Cash sales", cash.cash_sales.display),
          summaryRow("Cash in", cash.cash_in.display),
          summaryRow("Cash out", cash.cash_out.display),
          summaryRow("Expected in the drawer", cash.expected.display, "drawer-expected"),
        ),
      ),
      h(
        "fieldset",
        { class: "drawer-form" },
        h("legend", {}, "Cash in or out"),
        field("drawer-amount", "Amount", amount),
        field("drawer-reason", "Reason", reason),
        h("div", { class: "drawer-actions" }, cashIn, cashOut),
      ),
      h("fieldset", { class: "drawer-form" }, h("legend", {}, "Close the drawer"), field("drawer-counted", "Counted cash", counted), preview, close),
    ];
  }

  zShow.addEventListener("click", () => {
    void run(
      () => deps.zReport(zDay.value.trim() || null),
      (report) => {
        zBlock.replaceChildren(...renderZReport(report));
        zBlock.dataset.day = report.business_day;
        zBlock.hidden = false;
        zPrint.hidden = false;
        focusElement(zPrint);
      },
    );
  });
  zPrint.addEventListener("click", () => printZReport(deps.print));

  const dialog = openDialog(deps.host, "drawer-overlay", panel, done, () => {
    stopPrintingZReport();
    deps.onClose();
  });
  void run(deps.load, (v) => render(v));
  return { element: dialog.element, close: dialog.close };
}

function summaryRow(label: string, value: string, id?: string): HTMLTableRowElement {
  return h("tr", {}, h("th", { scope: "row" }, label), h("td", { class: "num", id }, value));
}

/** Expected against counted of a close. */
function closeResult(c: ClosedDrawerView, fresh: boolean): HTMLElement {
  return h(
    "div",
    { id: "drawer-result", class: "order-done drawer-result", role: "status", "data-over-short": String(c.over_short.minor), "data-fresh": fresh ? "true" : "false" },
    h("p", {}, fresh ? "Drawer closed." : `Last closed ${clockText(c.closed_at)}.`),
    h("p", {}, `Expected ${c.cash.expected.display} · counted ${c.counted.display} · `, h("strong", { id: "drawer-result-text" }, c.over_short_text)),
  );
}
