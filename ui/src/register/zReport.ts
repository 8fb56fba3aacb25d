/**
 * The Z report of one business day as a printable block: the day's sales
 * by tender, cash in and out, expected against counted, and each drawer
 * session. Printing shows this block alone (see `.print-z-report` in the
 * styles).
 */
import type { MoneyView, ZReportView, ZSessionView } from "../bindings";
import { h } from "../dom";
import { clockText } from "../format";

function row(label: string, value: string, id?: string): HTMLTableRowElement {
  return h("tr", {}, h("th", { scope: "row" }, label), h("td", { class: "num", id }, value));
}

function amount(m: MoneyView | null, missing: string): string {
  return m ? m.display : missing;
}

function overShortText(m: MoneyView | null): string {
  if (!m) return "—";
  if (m.minor === 0) return "Exact";
  return m.minor > 0 ? `Over ${m.display}` : `Short ${m.display.replace(/^-/, "")}`;
}

function sessionRow(s: ZSessionView): HTMLTableRowElement {
  const when = `${clockText(s.opened_at)} – ${s.closed_at ? clockText(s.closed_at) : "open"}`;
  return h(
    "tr",
    { class: "z-session", "data-session-id": s.session_id, "data-open": s.closed_at ? "false" : "true" },
    h("td", {}, when),
    h("td", { class: "num" }, s.cash.float.display),
    h("td", { class: "num" }, s.cash.expected.display),
    h("td", { class: "num" }, amount(s.counted, "—")),
    h("td", { class: "num" }, overShortText(s.over_short)),
  );
}

function sessionsTable(report: ZReportView): HTMLElement {
  if (report.sessions.length === 0) {
    return h("p", { id: "z-report-no-sessions", class: "stock-note" }, "No drawer was opened on this day.");
  }
  return h(
    "table",
    { id: "z-report-sessions", class: "z-table" },
    h("caption", {}, "Drawer sessions"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Open"),
        h("th", { scope: "col", class: "num" }, "Float"),
        h("th", { scope: "col", class: "num" }, "Expected"),
        h("th", { scope: "col", class: "num" }, "Counted"),
        h("th", { scope: "col", class: "num" }, "Over/short"),
      ),
    ),
    h("tbody", {}, ...report.sessions.map(sessionRow)),
  );
}

/** The report's content, to put in the `#z-report` block. */
export function renderZReport(report: ZReportView): HTMLElement[] {
  const stillOpen = report.sessions.some((s) => s.closed_at === null);
  return [
    h("h3", { id: "z-report-title", class: "z-title" }, `Z report — ${report.store_name} (${report.store_code}) — ${report.business_day}`),
    h("p", { class: "z-meta" }, `Register ${report.register_id} · made ${clockText(report.made_at)} · ${report.timezone}`),
    h(
      "table",
      { id: "z-report-sales", class: "z-table" },
      h("caption", {}, "Sales"),
      h(
        "tbody",
        {},
        row("Sales", String(report.sale_count), "z-report-sale-count"),
        ...report.tenders.map((t) => {
          const r = row(t.label, t.amount.display);
          r.dataset.kind = t.kind;
          r.classList.add("z-tender");
          return r;
        }),
      ),
    ),
    h(
      "table",
      { id: "z-report-cash", class: "z-table" },
      h("caption", {}, "Cash"),
      h(
        "tbody",
        {},
        row("Cash in", report.cash_in.display, "z-report-cash-in"),
        row("Cash out", report.cash_out.display, "z-report-cash-out"),
        row("Expected", report.expected.display, "z-report-expected"),
        row("Counted", amount(report.counted, stillOpen ? "drawer still open" : "—"), "z-report-counted"),
        row("Over/short", overShortText(report.over_short), "z-report-over-short"),
      ),
    ),
    sessionsTable(report),
  ];
}

/** Prints the Z report block alone (until the print is done, or the panel closes). */
export function printZReport(print: () => void): void {
  document.body.classList.add("print-z-report");
  window.addEventListener("afterprint", stopPrintingZReport, { once: true });
  print();
}

export function stopPrintingZReport(): void {
  document.body.classList.remove("print-z-report");
}
