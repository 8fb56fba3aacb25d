/**
 * The pickup counter's commands for the fake backend: orders with lines,
 * picked by scanning a product's GTIN-13, short picks, ready, verification
 * and the hand-over, with the same refusals (in words) as the real counter.
 */
import type { BatchLineView, HandOverInput, PickLineView, PickupDetailView, PickupView, Problem, ShortPickInput, VerificationInput } from "../src/bindings";

type Product = { product_id: string; name: string; gtin13: string | null; price_minor: number };

function fail(code: Problem["code"], message: string): never {
  const problem: Problem = { code, message };
  throw problem;
}

/** A pickup order's detail with lines of `[product, ordered]`. */
export function pickupDetail(order: PickupView, lines: [Product, number][]): PickupDetailView {
  return {
    pickup_id: order.pickup_id,
    order_id: `o-${order.order_number}`,
    order_number: order.order_number,
    customer_name: order.customer_name,
    status: order.status,
    placed_at: order.placed_at,
    total: order.total,
    lines: lines.map(([p, n], i) => ({
      line_no: i + 1,
      product_id: p.product_id,
      product_name: p.name,
      ordered: n,
      picked: 0,
      unavailable: 0,
      short_reason: null,
      substitute_product_id: null,
      substitute_name: null,
      substituted: 0,
      consent_note: null,
      done: false,
    })),
    handover: [],
    ready_at: null,
    expires_at: null,
    notified_at: null,
    handed_over_at: null,
    verified_by: null,
  };
}

export class FakePickupCounter {
  details = new Map<string, PickupDetailView>();
  /** Genuine pickup QR texts and the pickup each names; any other `SF…` text is forged. */
  qrs = new Map<string, string>();
  /** Hand-overs made. */
  handovers: { pickup_id: string; input: HandOverInput }[] = [];

  constructor(
    private readonly products: Product[],
    private readonly queue: () => PickupView[],
  ) {}

  answer(cmd: string, args: Record<string, unknown>): unknown {
    switch (cmd) {
      case "pickup_queue_filtered": {
        const f = args.filter as { status: string; min_age_hours: number | null };
        const open = ["new", "picking", "ready"];
        return this.queue().filter((p) => (f.status === "open" ? open.includes(p.status) : f.status === "all" || p.status === f.status));
      }
      case "pickup_find": {
        const t = String(args.text).toLowerCase();
        return this.queue().filter((p) => p.order_number.toLowerCase().includes(t) || (p.customer_name ?? "").toLowerCase().includes(t));
      }
      case "pickup_detail":
        return this.get(args.pickupId);
      case "pickup_batch_list":
        return this.batch((args.pickupIds as string[]).map((id) => this.get(id)));
      case "pickup_find_by_qr": {
        const id = this.qrs.get(String(args.qrText));
        if (!id) fail("refused_code", "This code is not genuine: its signature does not match.");
        return { ...this.get(id), verified_by: "pickup_qr" };
      }
      case "pickup_start_picking":
        return this.step(args.pickupId, ["new", "picking"], (d) => (d.status = "picking"));
      case "pickup_scan_pick":
        return this.scan(this.get(args.pickupId), String(args.code));
      case "pickup_short_pick":
        return this.short(this.get(args.pickupId), args.input as ShortPickInput);
      case "pickup_mark_ready":
        return this.step(args.pickupId, ["picking"], (d) => {
          const open = d.lines.find((l) => !l.done);
          if (open) fail("invalid_input", `Line ${open.line_no}: not every unit is accounted for. Scan or short-pick every unit first.`);
          d.status = "ready";
          d.handover = d.lines.flatMap((l) => [
            ...(l.picked > 0 ? [{ line_no: l.line_no, product_id: l.product_id, product_name: l.product_name, units: l.picked }] : []),
            ...(l.substituted > 0
              ? [{ line_no: l.line_no, product_id: l.substitute_product_id!, product_name: l.substitute_name!, units: l.substituted }]
              : []),
          ]);
        });
      case "pickup_verify":
        this.verify(this.get(args.pickupId), args.input as VerificationInput);
        return { ...this.get(args.pickupId), verified_by: (args.input as VerificationInput).method };
      case "pickup_hand_over": {
        const d = this.get(args.pickupId);
        const input = args.input as HandOverInput;
        if (d.status !== "ready") fail("invalid_input", `Order ${d.order_number}: This order is not ready.`);
        this.verify(d, input.verification);
        this.handovers.push({ pickup_id: d.pickup_id, input });
        d.status = "picked_up";
        const refused = (input.refusals ?? []).reduce((n, r) => n + r.units, 0);
        const units = d.handover.reduce((n, l) => n + l.units, 0);
        const refund = (input.refusals ?? []).reduce((sum, r) => sum + r.units * this.priceOf(r.product_id), 0);
        return {
          pickup_id: d.pickup_id,
          order_number: d.order_number,
          handed_units: units - refused,
          refused_units: refused,
          refund: refund > 0 ? `${(refund / 100).toFixed(2)} EUR` : null,
        };
      }
      default:
        fail("internal", `unknown command ${cmd}`);
    }
  }

  private get(id: unknown): PickupDetailView {
    const d = this.details.get(String(id));
    if (!d) fail("not_found", "That pickup order is not on this device; it may not have synced yet.");
    return d;
  }

  /** Lines still to pick across the orders, grouped by product in order of first appearance. */
  private batch(orders: PickupDetailView[]): BatchLineView[] {
    if (orders.length < 2) fail("invalid_input", "Choose at least two orders to pick together.");
    const byProduct = new Map<string, BatchLineView>();
    for (const d of orders) {
      for (const l of d.lines) {
        const units = this.left(l);
        if (units === 0) continue;
        const line = byProduct.get(l.product_id) ?? { product_id: l.product_id, product_name: l.product_name, units: 0, orders: [] };
        line.units += units;
        line.orders.push({ pickup_id: d.pickup_id, order_number: d.order_number, line_no: l.line_no, units });
        byProduct.set(l.product_id, line);
      }
    }
    return [...byProduct.values()];
  }

  private priceOf(productId: string): number {
    return this.products.find((p) => p.product_id === productId)?.price_minor ?? 0;
  }

  private step(id: unknown, from: string[], change: (d: PickupDetailView) => void): PickupDetailView {
    const d = this.get(id);
    if (!from.includes(d.status)) fail("invalid_input", `Order ${d.order_number}: This order is ${d.status}; that step does not apply.`);
    change(d);
    return { ...d };
  }

  private left(l: PickLineView): number {
    return l.ordered - l.picked - l.unavailable - l.substituted;
  }

  private scan(d: PickupDetailView, code: string): PickupDetailView {
    if (d.status !== "picking") fail("invalid_input", `Order ${d.order_number} is not being picked yet: press Start picking first.`);
    const product = this.products.find((p) => p.gtin13 === code);
    if (!product) fail("unknown_barcode", `No product has the barcode ${code}.`);
    const line = d.lines.find((l) => l.product_id === product.product_id);
    if (!line) fail("invalid_input", `${product.name} is not on order ${d.order_number}. Put it back and scan the items listed.`);
    if (this.left(line) === 0) fail("invalid_input", `Order ${d.order_number} has only ${line.ordered} of ${product.name}, all already picked: put this extra unit back.`);
    line.picked++;
    line.done = this.left(line) === 0;
    return { ...d };
  }

  private short(d: PickupDetailView, input: ShortPickInput): PickupDetailView {
    const line = d.lines.find((l) => l.line_no === input.line_no);
    if (!line) fail("not_found", `Order ${d.order_number} has no line ${input.line_no}.`);
    if (input.substitute_code && !input.consent_note) {
      fail("invalid_input", "Note how the customer agreed to the substitute (for example: phoned at 14:05, agreed to size M).");
    }
    if (input.units < 1 || input.units > this.left(line)) fail("invalid_input", `Line ${line.line_no}: only ${this.left(line)} unit(s) are left to account for.`);
    line.short_reason = input.reason;
    if (input.substitute_code) {
      const sub = this.products.find((p) => p.gtin13 === input.substitute_code);
      if (!sub) fail("unknown_barcode", `No product has the barcode ${input.substitute_code}.`);
      line.substitute_product_id = sub.product_id;
      line.substitute_name = sub.name;
      line.substituted += input.units;
      line.consent_note = input.consent_note ?? null;
    } else {
      line.unavailable += input.units;
    }
    line.done = this.left(line) === 0;
    return { ...d };
  }

  private verify(d: PickupDetailView, v: VerificationInput): void {
    if (v.method === "pickup_qr") {
      if (this.qrs.get(v.qr_text ?? "") !== d.pickup_id) fail("refused_code", "This code is not genuine: its signature does not match.");
    } else if (v.method === "order_code") {
      const digits = d.order_number.replace(/\D/g, "");
      if (!v.code || v.code.trim().length !== 4 || !digits.endsWith(v.code.trim())) {
        fail("invalid_input", "That code does not match this order: ask for the last 4 digits of the order number, or check an ID.");
      }
    } else if (v.method === "id_checked") {
      if (!v.note?.trim()) fail("invalid_input", "Note which ID document was checked (for example: ID card, name matches).");
    } else fail("invalid_input", `"${v.method}" is not a way to verify a pickup.`);
  }
}
