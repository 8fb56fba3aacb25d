/**
 * A small in-memory stand-in for the Rust commands, answering over the mocked
 * IPC (`mockIPC`). The cart is keyed by product; errors are rejected with a
 * `Problem`, as Tauri does for a command returning `Err(problem)`.
 *
 * Parked carts are `parked` (newest first, as parked_carts answers); a park
 * keeps the cart to put back on resume, and a parked cart a test adds comes
 * back from its lines.
 *
 * Sync, conflicts and pickups are plain fields a test sets; `setUpAfterSyncPolls`
 * makes `register_state` answer `not_set_up` until `sync_status` was asked
 * that many times (a device finishing its set-up).
 *
 * Returns: `returnOrders` are the purchases find_return knows (by order id or
 * number); take_return checks quantities against `returnable`, asks for a
 * manager's approval when `returnNeedsApproval`, and takes the returned units off.
 *
 * Pictures and camera frames arrive as raw bytes: a fake picture is the text
 * "QR:<text>" (read as <text>), "NOT-AN-IMAGE" (unreadable) or anything else
 * (no code); camera frames are answered from `frameTexts`, one each.
 */
import { mockIPC } from "@tauri-apps/api/mocks";
import type { InvokeArgs } from "@tauri-apps/api/core";
import { FakePickupCounter } from "./fakePickups";
import type {
  NoReceiptInput,
  AisleOrderView,
  CartLineView,
  ClosedDrawerView,
  DrawerCashView,
  DrawerView,
  ConflictView,
  CartView,
  CustomerCardView,
  MoneyView,
  ParkedCartView,
  PickupView,
  Problem,
  ProfileView,
  RecommendationView,
  ProblemCode,
  ProductHit,
  RegisterView,
  ReturnDoneView,
  ExchangeInput,
  ReturnInput,
  ReturnOrderView,
  PaymentView,
  TenderView,
  StaffView,
  ScanOutcome,
  StockByStoreView,
  StoreView,
  SyncView,
  ZReportView,
} from "../src/bindings";

export type FakeProduct = {
  product_id: string;
  name: string;
  brand: string;
  category: string;
  gtin13: string | null;
  price_minor: number;
  on_hand: number;
};

export const PRODUCTS: FakeProduct[] = [
  { product_id: "p-coffee", name: "Coffee Beans 1kg", brand: "Roastery", category: "Grocery", gtin13: "4006381333931", price_minor: 1250, on_hand: 12 },
  { product_id: "p-cocoa", name: "Cocoa Powder", brand: "Roastery", category: "Grocery", gtin13: "4012345678901", price_minor: 399, on_hand: 0 },
  { product_id: "p-mug", name: "Coffee Mug", brand: "Homeware", category: "Kitchen", gtin13: "4098765432109", price_minor: 800, on_hand: 3 },
  { product_id: "p-bag", name: "Tote Bag", brand: "Shopfloor", category: "Accessories", gtin13: null, price_minor: 150, on_hand: 40 },
];

export const STORE: StoreView = { id: "store-1", code: "BER01", name: "Berlin Mitte", currency: "EUR" };

export function money(minor: number): MoneyView {
  return { minor, currency: "EUR", display: `${(minor / 100).toFixed(2)} EUR` };
}

export const STAFF: StaffView[] = [
  { id: "st-associate", name: "Sam Keller", role: "associate" },
  { id: "st-cashier", name: "Jo Brandt", role: "cashier" },
  { id: "st-manager", name: "Lena Hoffmann", role: "manager" },
  { id: "st-manager-2", name: "Tom Weber", role: "manager" },
];

export class FakeBackend {
  /** Every command received, with its arguments, in order. */
  calls: { cmd: string; args: Record<string, unknown> }[] = [];
  cart = new Map<string, number>(); // product_id -> quantity, in insertion order
  lastAdded: string | null = null;
  sync: SyncView = syncView();
  /** Served by sync_status one after the other before `sync` (a set-up in progress, say). */
  syncSequence: SyncView[] = [];
  /** How many times sync_status was answered. */
  syncPolls = 0;
  /** register_state answers not_set_up until sync_status was answered this many times (null: never). */
  setUpAfterSyncPolls: number | null = null;
  conflictList: ConflictView[] = [];
  pickups: PickupView[] = [];
  /** The pickup counter's orders (details, QR codes, hand-overs). */
  counter: FakePickupCounter;
  /** Scanned texts that open something (a customer, a receipt, a pickup…) instead of adding to the cart. */
  codes = new Map<string, ScanOutcome>();
  customers: CustomerCardView[] = [];
  /** Profiles by customer id; customer_profile fails not_found for any other. */
  profiles = new Map<string, ProfileView>();
  /** Suggestions by customer id (none for any other). */
  suggestions = new Map<string, RecommendationView[]>();
  /** Who the sale is for (customer id, name, online cart). */
  attached: { customer_id: string; name: string; online_cart_id: string | null } | null = null;
  /** When set, edit_customer fails with this problem. */
  editProblem: Problem | null = null;
  /** Carts handed to a customer's phone. */
  handoffs: { customer_id: string; units: number }[] = [];
  /** Cash sales taken: the amount handed over and the total. */
  cashSales: { given: number; total: number; customer_id: string | null; online_cart_id: string | null }[] = [];
  /** When set, loyalty_card_qr fails with this problem (a device with no signing key). */
  signingProblem: Problem | null = null;
  /** When set, register_state fails with this problem. */
  startupProblem: Problem | null = null;
  /** What decode_camera_frame answers, one a frame (null: no code); no code once used up. */
  frameTexts: (string | null)[] = [];
  /** The answer to a camera frame other than a text or no code, when set. */
  frameProblem: Problem | null = null;
  /** What stock_by_store answers (for any product); not_found when null. */
  stock: StockByStoreView | null = null;
  /** Checked in turn by order_elsewhere: the first problem returned refuses the order. */
  orderCheck: ((order: Record<string, unknown>) => Problem | null) | null = null;
  /** Orders order_elsewhere accepted. */
  aisleOrders: AisleOrderView[] = [];
  /** The register's drawer while open: its float and cash so far (pay_cash adds its total). */
  drawerOpen: { float: number; sales: number; cashIn: number; cashOut: number; openedAt: string } | null = null;
  /** The drawer's last close, shown while it is closed. */
  drawerLastClosed: ClosedDrawerView | null = null;
  /** What z_report answers, whatever the day; a report of the open drawer's day when null. */
  zReportView: ZReportView | null = null;
  /** The store's parked carts, newest first. */
  parked: ParkedCartView[] = [];
  /** The notes resume_parked_cart answers (what it left out). */
  resumeNotes: string[] = [];
  private parkedContents = new Map<string, { cart: Map<string, number>; attached: FakeBackend["attached"] }>();
  /** Purchases find_return finds (by order id or number). */
  returnOrders: ReturnOrderView[] = [];
  /** take_return wants a manager's approval (outside the return window, say). */
  returnNeedsApproval = false;
  /** Returns take_return accepted, with the manager who approved, if one did. */
  returnsTaken: { input: ReturnInput; approved_by: string | null }[] = [];
  /** No-receipt returns take_no_receipt_return accepted. */
  noReceiptTaken: NoReceiptInput[] = [];
  /** Optional hook to delay/control a command's answer: return a promise to wait on. */
  gate: ((cmd: string, args: Record<string, unknown>) => Promise<void> | undefined) | null = null;

  /** Who is signed in; tests of the register start signed in. */
  staff: StaffView | null = { ...STAFF[1] };
  /** The store's staff and their PINs (sign_in checks them). */
  roster: { staff: StaffView; pin: string }[] = STAFF.map((staff, i) => ({ staff, pin: ["1111", "1234", "9999", "8888"][i] }));
  /** A cart of items needs a manager's approval to clear unless a manager is signed in. */
  voidNeedsApproval = true;

  constructor(readonly products: FakeProduct[] = PRODUCTS) {
    this.counter = new FakePickupCounter(products, () => this.pickups);
  }

  install(): this {
    mockIPC((cmd, payload) => this.handle(cmd, payload));
    return this;
  }

  commandNames(): string[] {
    return this.calls.map((c) => c.cmd);
  }

  private async handle(cmd: string, payload?: InvokeArgs): Promise<unknown> {
    const args = (payload ?? {}) as Record<string, unknown>;
    this.calls.push({ cmd, args });
    const wait = this.gate?.(cmd, args);
    if (wait) await wait;
    return this.answer(cmd, args);
  }

  private answer(cmd: string, args: Record<string, unknown>): unknown {
    switch (cmd) {
      case "register_state":
        if (this.startupProblem) throw this.startupProblem;
        if (this.setUpAfterSyncPolls !== null && this.syncPolls < this.setUpAfterSyncPolls) {
          fail("not_set_up", "This device has no store data yet. It is being set up from the hub.");
        }
        if (!this.staff) fail("sign_in_required", "Nobody is signed in at this register. Choose your name and enter your PIN.");
        return this.registerView();
      case "staff_list":
        return this.roster.map((r) => r.staff);
      case "signed_in":
        return this.staff;
      case "sign_out":
        this.staff = null;
        return null;
      case "sign_in": {
        const entry = this.roster.find((r) => r.staff.id === args.staffId);
        if (!entry || entry.pin !== args.pin) fail("wrong_pin", "That is not the right PIN. 4 more wrong PINs and they are locked out for 15 minutes.");
        this.staff = entry!.staff;
        return this.staff;
      }
      case "sync_status":
        this.syncPolls++;
        return this.syncSequence.shift() ?? this.sync;
      case "conflicts":
        return this.conflictList;
      case "pickup_queue":
        return this.pickups;
      case "scan": {
        const text = String(args.text ?? "").trim();
        const opens = this.codes.get(text);
        if (opens) return opens;
        if (!/^\d{8,14}$/.test(text)) fail("invalid_scan", `“${text}” is not a barcode`);
        const product = this.products.find((p) => p.gtin13 === text);
        if (!product) fail("unknown_barcode", `No product has the barcode ${text}`);
        return { kind: "cart", cart: this.add(product.product_id) } satisfies ScanOutcome;
      }
      case "loyalty_card_qr":
        if (this.signingProblem) throw this.signingProblem;
        return { text: `SF1.CARD-OF-${String(args.accountId)}`, svg: "<svg xmlns='http://www.w3.org/2000/svg'/>" };
      case "decode_picture": {
        const text = new TextDecoder().decode(args as unknown as Uint8Array);
        if (text.startsWith("QR:")) return text.slice(3);
        if (text === "NOT-AN-IMAGE") fail("unreadable_image", "The file is not a picture this device reads. Use a PNG or JPEG picture.");
        fail("no_code_found", "No QR code found in that picture. Use a sharp picture with the whole code flat in view, or type the number printed under the barcode.");
      }
      case "decode_camera_frame": {
        if (this.frameProblem) throw this.frameProblem;
        const text = this.frameTexts.shift();
        if (text) return text;
        fail("no_code_found", "No QR code was found. Hold the code flat, fully in view and in focus, and try again.");
      }
      case "search_customers": {
        const query = String(args.query ?? "").toLowerCase();
        return this.customers.filter((c) => c.name.toLowerCase().includes(query)).slice(0, Number(args.limit ?? 10));
      }
      case "search_products": {
        const query = String(args.query ?? "").toLowerCase();
        const limit = Number(args.limit ?? 20);
        return this.products
          .filter((p) => p.name.toLowerCase().includes(query))
          .slice(0, limit)
          .map((p): ProductHit => ({
            product_id: p.product_id,
            name: p.name,
            brand: p.brand,
            category: p.category,
            gtin13: p.gtin13,
            price: money(p.price_minor),
            on_hand: p.on_hand,
          }));
      }
      case "add_product": {
        const id = String(args.productId);
        if (!this.products.some((p) => p.product_id === id)) fail("not_found", "No such product");
        return this.add(id);
      }
      case "set_line_quantity": {
        const id = lineToProduct(String(args.lineId));
        const quantity = Number(args.quantity);
        if (!this.cart.has(id)) fail("not_found", "No such line");
        if (!Number.isInteger(quantity) || quantity < 1) fail("invalid_input", "Quantity must be at least 1");
        this.cart.set(id, quantity);
        return this.cartView();
      }
      case "remove_line": {
        const id = lineToProduct(String(args.lineId));
        if (!this.cart.delete(id)) fail("not_found", "No such line");
        if (this.lastAdded === id) this.lastAdded = null;
        return this.cartView();
      }
      case "stock_by_store":
        if (!this.stock) fail("not_found", "That product is no longer in the catalogue.");
        return this.stock;
      case "order_elsewhere": {
        const order = args.order as Record<string, unknown>;
        const refused = this.orderCheck?.(order);
        if (refused) throw refused;
        const product = this.products.find((p) => p.product_id === order.product_id);
        const fulfilment = order.fulfilment as { kind: string; store_id?: string; address?: Record<string, string> };
        const view: AisleOrderView = {
          order_id: `ao-${this.aisleOrders.length + 1}`,
          product_name: product?.name ?? String(order.product_id),
          quantity: Number(order.quantity),
          destination: fulfilment.kind === "pickup" ? `Pickup at ${fulfilment.store_id}` : `Ship to ${fulfilment.address?.name}`,
          ordered_at: "2025-01-01T10:05:00Z",
          state: "waiting",
          order_number: null,
          note: "Ordered — sent to the hub when online.",
        };
        this.aisleOrders.push(view);
        return view;
      }
      case "clear_cart":
        if (this.voidNeedsApproval && this.cart.size > 0 && this.staff?.role !== "manager") {
          const approval = args.approval as { manager_id: string; pin: string } | null;
          if (!approval) fail("approval_required", "Voiding a sale needs a manager's approval: ask a manager to enter their PIN. Nothing was changed.");
          const manager = this.roster.find((r) => r.staff.id === approval!.manager_id);
          if (!manager || manager.pin !== approval!.pin) fail("wrong_pin", "That is not the manager's PIN.");
          this.approvals.push({ asked_by: this.staff!.id, approved_by: approval!.manager_id });
        }
        this.cart.clear();
        this.lastAdded = null;
        this.attached = null;
        return this.cartView();
      case "customer_profile": {
        const p = this.profiles.get(String(args.customerId));
        if (!p) fail("not_found", "That customer is not on this device (erased, or not synced yet). Search for them again.");
        return p;
      }
      case "edit_customer": {
        if (this.editProblem) throw this.editProblem;
        const p = this.profiles.get(String(args.customerId));
        if (!p) fail("not_found", "That customer is not on this device.");
        const edit = args.edit as Record<string, unknown>;
        p.details = { ...p.details, ...edit, pending_fields: [...new Set([...p.details.pending_fields, ...Object.keys(edit)])] };
        return p.details;
      }
      case "add_customer_note": {
        const p = this.profiles.get(String(args.customerId));
        if (!p) fail("not_found", "That customer is not on this device.");
        const note = { id: `n${p.details.notes.length + 1}`, text: String(args.text).trim(), author: "Berlin Mitte (BER01)", written_at: "2026-11-01T08:00:00Z", pending: true };
        p.details = { ...p.details, notes: [note, ...p.details.notes] };
        return p.details;
      }
      case "enrol_customer": {
        const input = args.input as { first_name: string; last_name: string; email: string; phone: string; consent_email: boolean };
        if (!input.first_name.trim()) fail("invalid_input", "Type the customer's first name.");
        if (input.consent_email && !input.email.trim()) fail("invalid_input", "Email offers need an email address; type one, or leave email offers off.");
        const customer = {
          customer_id: `new-${this.profiles.size + 1}`,
          name: `${input.first_name.trim()} ${input.last_name.trim()}`,
          email: input.email.trim() || null,
          phone: input.phone.trim() || null,
          loyalty: { account_id: "acc-new", number: "412345678906", tier: "member", points: 0 },
        };
        this.profiles.set(customer.customer_id, {
          customer,
          customer_since: "2026-11-01",
          details: { customer_id: customer.customer_id, email: customer.email, phone: customer.phone, consent_email: input.consent_email, consent_sms: false, sizes: {}, preferences: {}, pending_fields: [], notes: [] },
          online_carts: [],
          wishlist: [],
          orders: [],
          order_count: 0,
          restricted: false,
        });
        return { customer, qr: { text: "SF1.NEW-CARD", svg: "<svg xmlns='http://www.w3.org/2000/svg'/>" }, qr_problem: null };
      }
      case "customer_suggestions":
        return this.suggestions.get(String(args.customerId)) ?? [];
      case "attach_customer": {
        const p = this.profiles.get(String(args.customerId));
        if (!p) fail("not_found", "That customer is not on this device.");
        this.attached = { customer_id: p.customer.customer_id, name: p.customer.name, online_cart_id: null };
        return this.cartView();
      }
      case "detach_customer":
        this.attached = null;
        return this.cartView();
      case "add_online_cart": {
        const cartId = String(args.cartId);
        const lineNos = args.lineNos as number[];
        const owner = [...this.profiles.values()].find((p) => p.online_carts.some((c) => c.cart_id === cartId));
        const cart = owner?.online_carts.find((c) => c.cart_id === cartId);
        if (!owner || !cart) fail("not_found", "That online cart is not on this device.");
        const notes: string[] = [];
        for (const line of cart.lines.filter((l) => lineNos.length === 0 || lineNos.includes(l.line_no))) {
          if (!line.store_unit_price) {
            notes.push(`${line.name} is not sold at this store, so it was left out.`);
            continue;
          }
          this.cart.set(line.product_id, (this.cart.get(line.product_id) ?? 0) + line.quantity);
          this.lastAdded = line.product_id;
        }
        this.attached = { customer_id: owner.customer.customer_id, name: owner.customer.name, online_cart_id: cartId };
        return { cart: this.cartView(), notes };
      }
      case "hand_off_cart": {
        const view = this.cartView();
        if (!this.attached) fail("invalid_input", "Attach the customer first (scan their loyalty card or find them): the cart goes to their account.");
        if (view.lines.length === 0) fail("invalid_input", "The cart is empty: there is nothing to hand over.");
        const customer_name = this.attached.name;
        this.handoffs.push({ customer_id: this.attached.customer_id, units: view.units });
        this.cart.clear();
        this.lastAdded = null;
        this.attached = null;
        return {
          cart_id: `handoff-${this.handoffs.length}`,
          customer_name,
          units: view.units,
          expires_at: "2026-11-01T08:30:00Z",
          qr: { text: `SF1.HANDOFF-${this.handoffs.length}`, svg: "<svg xmlns='http://www.w3.org/2000/svg'/>" },
          cart: this.cartView(),
        };
      }
      case "pay_cash": {
        const view = this.cartView();
        const given = Number(args.givenMinor);
        if (view.lines.length === 0) fail("invalid_input", "The cart is empty: scan or add an item first.");
        if (given <= 0) fail("invalid_input", "Enter the cash handed over, more than zero.");
        const kept = Math.min(given, view.due.minor);
        if (this.drawerOpen) this.drawerOpen.sales += kept;
        this.cashSales.push({ given, total: view.total.minor, customer_id: this.attached?.customer_id ?? null, online_cart_id: this.attached?.online_cart_id ?? null });
        return this.tender({ tender_id: `t${this.tenders.length + 1}`, kind: "cash", amount: money(kept), detail: null }, given - kept);
      }
      case "pay_card": {
        const input = args.input as { approved: boolean; amount_minor: number; terminal_reference: string; last4: string; auth_code: string };
        const view = this.cartView();
        if (!input.approved) fail("card_declined", `The card ending ${input.last4} was declined (terminal reference ${input.terminal_reference}). The sale is still open: ask for another card or another way to pay.`);
        if (input.amount_minor <= 0 || input.amount_minor > view.due.minor) fail("invalid_input", `A card payment is more than zero and at most the ${view.due.display} still due; nothing was recorded.`);
        this.cardPayments.push(input);
        return this.tender({ tender_id: `t${this.tenders.length + 1}`, kind: "card", amount: money(input.amount_minor), detail: `Card •••• ${input.last4} (auth ${input.auth_code})` }, 0);
      }
      case "override_price":
      case "set_line_discount":
      case "set_order_discount": {
        const productId = String(args.lineId ?? "").replace(/^line-/, "");
        const discount = args.discount as { kind: string; basis_points?: number } | null;
        const big = cmd === "override_price" || (discount?.basis_points ?? 0) > 2000;
        if (big && this.staff?.role !== "manager") {
          const approval = args.approval as { manager_id: string; pin: string } | null;
          if (!approval) fail("approval_required", "Changing a price needs a manager's approval: ask a manager to enter their PIN. Nothing was changed.");
          const manager = this.roster.find((r) => r.staff.id === approval!.manager_id);
          if (!manager || manager.pin !== approval!.pin) fail("wrong_pin", "That is not the manager's PIN.");
          this.approvals.push({ asked_by: this.staff!.id, approved_by: approval!.manager_id });
        }
        if (cmd === "override_price") this.overrides.set(productId, Number(args.unitPriceMinor));
        else if (cmd === "set_line_discount") this.lineDiscounts.set(productId, discount?.basis_points ?? 0);
        return this.cartView();
      }
      case "pay_store_credit":
        return this.tender({ tender_id: `t${this.tenders.length + 1}`, kind: "store_credit", amount: money(Number(args.amountMinor)), detail: null }, 0);
      case "receipt":
        return { sale_id: String(args.saleId), reference: "R-20261124-ABC123", html: "<html><body>Receipt</body></html>", text: "RECEIPT", qr_text: "SF1.RECEIPT", qr_problem: null };
      case "save_receipt_pdf":
        return "/tmp/receipts/R-20261124-ABC123.pdf";
      case "drawer_state":
        return this.drawerView();
      case "open_drawer": {
        const float = Number(args.floatMinor);
        if (this.drawerOpen) fail("invalid_input", "The drawer is already open; close it before opening it again.");
        if (float < 0) fail("invalid_input", `The float cannot be negative (${money(float).display}); count the cash put in the drawer.`);
        this.drawerOpen = { float, sales: 0, cashIn: 0, cashOut: 0, openedAt: "2025-01-01T08:00:00Z" };
        this.drawerLastClosed = null;
        return this.drawerView();
      }
      case "drawer_cash": {
        const open = this.drawerOpen;
        const amount = Number(args.amountMinor);
        if (amount <= 0) fail("invalid_input", `An amount of cash in or out must be more than zero (not ${money(amount).display}).`);
        if (!String(args.reason ?? "").trim()) fail("invalid_input", "Say why cash goes in or out (a reason such as \"change from the safe\").");
        if (!open) fail("invalid_input", "The drawer is not open, so you cannot put cash in or take it out; open it with a float first.");
        const expected = this.drawerCash().expected;
        if (args.kind === "out" && amount > expected.minor) {
          fail("invalid_input", `${money(amount).display} is more than the ${expected.display} the drawer should hold; take out at most that.`);
        }
        if (args.kind === "in") open.cashIn += amount;
        else open.cashOut += amount;
        return this.drawerView();
      }
      case "close_drawer": {
        const counted = Number(args.countedMinor);
        if (counted < 0) fail("invalid_input", `The counted cash cannot be negative (${money(counted).display}); count the drawer again.`);
        if (!this.drawerOpen) fail("invalid_input", "The drawer is not open, so you cannot close it; open it with a float first.");
        const cash = this.drawerCash();
        const diff = counted - cash.expected.minor;
        const text = diff === 0 ? "Exact" : diff > 0 ? `Over by ${money(diff).display}` : `Short by ${money(-diff).display}`;
        const closed: ClosedDrawerView = {
          session_id: "drawer-1",
          opened_at: this.drawerOpen.openedAt,
          closed_at: "2025-01-01T18:00:00Z",
          closed_by: "till-1",
          cash,
          counted: money(counted),
          over_short: money(diff),
          over_short_text: text,
        };
        this.drawerOpen = null;
        this.drawerLastClosed = closed;
        return closed;
      }
      case "z_report":
        return this.zReportView ?? zReport(String(args.day ?? "2025-01-01"));
      case "park_cart": {
        const view = this.cartView();
        if (view.lines.length === 0) fail("invalid_input", "The cart is empty: there is nothing to park.");
        const label = typeof args.label === "string" ? args.label.trim() || null : null;
        if (label && label.length > 60) fail("invalid_input", "A parked cart's label can be at most 60 characters.");
        const parked: ParkedCartView = {
          id: `parked-${this.parkedContents.size + 1}`,
          label,
          customer_name: this.attached?.name ?? null,
          parked_at: "2026-11-01T08:00:00Z",
          parked_by: "device-1",
          register: "this register",
          here: true,
          waiting_to_sync: true,
          units: view.units,
          total: view.total,
          lines: view.lines.map((l) => ({ product_id: l.product_id, name: l.name, quantity: l.quantity, label: l.label })),
        };
        this.parkedContents.set(parked.id, { cart: new Map(this.cart), attached: this.attached });
        this.parked.unshift(parked);
        this.cart.clear();
        this.lastAdded = null;
        this.attached = null;
        return { parked, cart: this.cartView() };
      }
      case "parked_carts":
        return this.parked;
      case "resume_parked_cart": {
        const id = String(args.id);
        const parked = this.parked.find((k) => k.id === id);
        if (!parked) fail("not_found", "That cart is no longer parked: it was resumed here or at another register.");
        if (this.cart.size > 0 || this.attached) {
          fail("invalid_input", "The cart being built is not empty: park it or clear it first, then resume the parked cart.");
        }
        const kept = this.parkedContents.get(id);
        this.cart = kept ? new Map(kept.cart) : new Map(parked.lines.map((l) => [l.product_id, l.quantity]));
        this.attached = kept?.attached ?? null;
        this.parked = this.parked.filter((k) => k.id !== id);
        return { label: parked.label, cart: this.cartView(), notes: this.resumeNotes };
      }
      case "find_return": {
        const query = String(args.query ?? "").trim();
        const order = this.returnOrders.find((o) => o.order_id === query || o.number === query);
        if (!order) fail("not_found", `No purchase numbered ${query} is on this device. Check the number, or scan the receipt's code.`);
        return structuredClone(order); // a copy, as over IPC: later changes here are the backend's own
      }
      case "take_return":
        return this.takeReturn(args.input as ReturnInput);
      case "take_no_receipt_return":
        return this.takeNoReceiptReturn(args.input as NoReceiptInput);
      case "start_exchange":
        return this.startExchange(args.input as ExchangeInput);
      case "cancel_exchange":
        this.exchange = null;
        return this.cartView();
      case "complete_exchange":
        return this.completeExchange(String(args.refundMethod));
      default:
        if (cmd.startsWith("pickup_")) return this.counter.answer(cmd, args);
        fail("internal", `unknown command ${cmd}`);
    }
  }

  /** The exchange in progress: its order, what comes back, the credit. */
  exchange: { input: ExchangeInput; order: ReturnOrderView; credit: number } | null = null;

  private startExchange(input: ExchangeInput): CartView {
    if (this.exchange) fail("invalid_input", "An exchange is already in progress: complete or cancel it first.");
    const order = this.returnOrders.find((o) => o.order_id === input.order_id);
    if (!order) fail("not_found", `No purchase ${input.order_id} is on this device.`);
    let credit = 0;
    for (const l of input.lines.filter((x) => x.quantity !== 0)) {
      const line = order.lines.find((b) => b.line_no === l.line_no);
      if (!line || l.quantity > line.returnable) fail("invalid_input", `Line ${l.line_no}: at most ${line?.returnable ?? 0} can come back.`);
      credit += Math.round((line.line_total.minor * l.quantity) / line.bought);
    }
    if (credit === 0) fail("invalid_input", "Choose at least one item to take back.");
    this.exchange = { input, order, credit };
    return this.cartView();
  }

  /** Exchanges completed: the refund method of the leftover credit. */
  exchangesCompleted: string[] = [];

  private completeExchange(method: string): PaymentView {
    const x = this.exchange;
    if (!x) fail("invalid_input", "No exchange is in progress: start one from the Returns tab.");
    const view = this.cartView();
    if (view.lines.length === 0) fail("invalid_input", "Scan the new items first: the exchange sells them.");
    if (view.due.minor > 0) fail("invalid_input", `${view.due.display} is still to pay: take it in cash or by card.`);
    this.exchangesCompleted.push(method);
    return this.tender({ tender_id: "t-x", kind: "exchange", amount: money(0), detail: "Exchange credit" }, 0);
  }

  /** A no-receipt return: always a manager's approval, store credit at 19.99 a unit. */
  private takeNoReceiptReturn(input: NoReceiptInput): ReturnDoneView {
    if (!input.id_note.trim()) fail("invalid_input", "Note which ID the customer showed.");
    const approval = input.approval;
    if (!approval) fail("approval_required", "A return without a receipt needs a manager's approval. Nothing was changed.");
    const manager = this.roster.find((r) => r.staff.id === approval.manager_id);
    if (!manager || manager.pin !== approval.pin) fail("wrong_pin", "That is not the manager's PIN.");
    this.noReceiptTaken.push(input);
    const refund = 1999 * input.quantity;
    return {
      return_id: `nr-${this.noReceiptTaken.length}`,
      refund: money(refund),
      refunds: [{ method: "store_credit", amount: money(refund), reference: "sc-new" }],
      provisional: false,
    };
  }

  private takeReturn(input: ReturnInput): ReturnDoneView {
    const order = this.returnOrders.find((o) => o.order_id === input.order_id);
    if (!order) fail("not_found", `No purchase ${input.order_id} is on this device.`);
    let refund = 0;
    const taken = input.lines.filter((l) => l.quantity !== 0);
    for (const l of taken) {
      const line = order.lines.find((b) => b.line_no === l.line_no);
      if (!line) fail("invalid_input", `The purchase has no line ${l.line_no}.`);
      if (l.quantity < 0 || l.quantity > line.returnable) {
        fail("invalid_input", `Line ${l.line_no}: at most ${line.returnable} can come back.`);
      }
      refund += Math.round((line.line_total.minor * l.quantity) / line.bought);
    }
    if (taken.length === 0) fail("invalid_input", "Choose at least one item to take back.");
    if (!order.refund_methods.includes(input.refund_method)) fail("invalid_input", "Choose how the refund is paid.");
    let approvedBy: string | null = null;
    if (this.returnNeedsApproval) {
      const approval = input.approval;
      if (!approval) fail("approval_required", "Returned after 30 days: a manager must approve. Nothing was changed.");
      const manager = this.roster.find((r) => r.staff.id === approval.manager_id);
      if (!manager || manager.pin !== approval.pin) fail("wrong_pin", "That is not the manager's PIN.");
      approvedBy = approval.manager_id;
    }
    for (const l of taken) {
      const line = order.lines.find((b) => b.line_no === l.line_no)!;
      line.returnable -= l.quantity;
    }
    this.returnsTaken.push({ input, approved_by: approvedBy });
    const method = input.refund_method === "original" ? "card" : input.refund_method;
    return {
      return_id: `ret-${this.returnsTaken.length}`,
      refund: money(refund),
      refunds: [{ method, amount: money(refund), reference: method === "store_credit" ? "sc-1" : null }],
      provisional: order.provisional,
    };
  }

  drawerCash(): DrawerCashView {
    const d = this.drawerOpen ?? { float: 0, sales: 0, cashIn: 0, cashOut: 0 };
    return {
      float: money(d.float),
      cash_sales: money(d.sales),
      cash_refunds: money(0),
      cash_in: money(d.cashIn),
      cash_out: money(d.cashOut),
      expected: money(d.float + d.sales + d.cashIn - d.cashOut),
    };
  }

  drawerView(): DrawerView {
    return {
      register_id: "till-1",
      currency_decimals: 2,
      open: this.drawerOpen ? { session_id: "drawer-1", opened_at: this.drawerOpen.openedAt, opened_by: "till-1", cash: this.drawerCash() } : null,
      last_closed: this.drawerOpen ? null : this.drawerLastClosed,
    };
  }

  private add(productId: string): CartView {
    this.cart.set(productId, (this.cart.get(productId) ?? 0) + 1);
    this.lastAdded = productId;
    return this.cartView();
  }

  /** Approved price overrides and line discounts (basis points), by product. */
  overrides = new Map<string, number>();
  lineDiscounts = new Map<string, number>();
  /** Tenders taken for the sale being built. */
  tenders: TenderView[] = [];
  /** Card answers pay_card recorded. */
  cardPayments: unknown[] = [];

  /** Adds a tender; completes the sale when the tenders cover it. */
  private tender(t: TenderView, change: number): PaymentView {
    this.tenders.push(t);
    const view = this.cartView();
    if (view.due.minor > 0) return { cart: view, done: null };
    const x = this.exchange;
    const exchange: ReturnDoneView | null = x && {
      return_id: "ret-x",
      refund: money(x.credit),
      refunds: [
        { method: "exchange", amount: money(Math.min(x.credit, view.total.minor)), reference: "sale-1" },
        ...(x.credit > view.total.minor ? [{ method: "card", amount: money(x.credit - view.total.minor), reference: null }] : []),
      ],
      provisional: x.order.provisional,
    };
    const done = { sale_id: "sale-1", total: view.total, tenders: this.tenders, change: money(change), customer_name: this.attached?.name ?? null, points_earned: 0, exchange };
    this.exchange = null;
    this.cart.clear();
    this.tenders = [];
    this.lastAdded = null;
    this.attached = null;
    return { cart: this.cartView(), done };
  }

  /** Approvals clear_cart accepted. */
  approvals: { asked_by: string; approved_by: string }[] = [];

  registerView(): RegisterView {
    return { store: STORE, cart: this.cartView(), sync: this.sync, staff: this.staff! };
  }

  cartView(): CartView {
    const lines: CartLineView[] = [];
    let total = 0;
    let units = 0;
    for (const [productId, quantity] of this.cart) {
      const p = this.products.find((x) => x.product_id === productId)!;
      const unit = this.overrides.get(productId) ?? p.price_minor;
      const off = Math.round((unit * quantity * (this.lineDiscounts.get(productId) ?? 0)) / 10_000);
      lines.push({
        line_id: productToLine(productId),
        product_id: productId,
        name: p.name,
        gtin13: p.gtin13,
        quantity,
        unit_price: money(unit),
        gross: money(unit * quantity),
        discounts: off > 0 ? [{ label: "Discount", amount: money(off) }] : [],
        line_total: money(unit * quantity - off),
        label: null,
        price_overridden: this.overrides.has(productId),
        sold_here: true,
      });
      total += unit * quantity - off;
      units += quantity;
    }
    const credit = this.exchange?.credit ?? 0;
    const paid = credit + this.tenders.reduce((sum, t) => sum + t.amount.minor, 0);
    const x = this.exchange;
    return {
      lines,
      subtotal: money(total),
      discount: money(0),
      tax: money(Math.round((total * 19) / 119)),
      prices_include_tax: true,
      promotions: [],
      total: money(total),
      units,
      tenders: this.tenders,
      paid: money(paid),
      due: money(Math.max(0, total - paid)),
      last_added_line_id: this.lastAdded ? productToLine(this.lastAdded) : null,
      customer: this.attached,
      exchange: x && {
        order_number: x.order.number,
        credit: money(x.credit),
        units: x.input.lines.reduce((n, l) => n + l.quantity, 0),
        refund_due: money(Math.max(0, x.credit - total)),
        refund_methods: x.order.refund_methods,
        provisional: x.order.provisional,
      },
    };
  }
}

function productToLine(productId: string): string {
  return `line-${productId}`;
}

function lineToProduct(lineId: string): string {
  return lineId.replace(/^line-/, "");
}

function fail(code: ProblemCode, message: string): never {
  const problem: Problem = { code, message };
  throw problem;
}

/** A sync view for tests: online and synced, with `changes` applied. */
export function syncView(changes: Partial<SyncView> = {}): SyncView {
  return {
    state: "online",
    waiting_events: 0,
    oldest_waiting_secs: null,
    last_success_at: "2025-01-01T10:00:00Z",
    bootstrap: null,
    open_conflicts: 0,
    message: "Synced",
    detail: null,
    ...changes,
  };
}

export function pickup(orderNumber: string, changes: Partial<PickupView> = {}): PickupView {
  return {
    pickup_id: `pk-${orderNumber}`,
    order_number: orderNumber,
    customer_name: "Ada Lovelace",
    status: "new",
    placed_at: "2025-01-01T09:30:00Z",
    items: 2,
    total: "24.90 EUR",
    ...changes,
  };
}

/** A promise with its resolve handle, to hold an answer back. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A Z report of `day` with one closed session: 100.00 float, 12.50 cash and 30.00 card sales, 0.50 short. */
export function zReport(day: string, changes: Partial<ZReportView> = {}): ZReportView {
  const cash = { float: money(10000), cash_sales: money(1250), cash_refunds: money(0), cash_in: money(0), cash_out: money(0), expected: money(11250) };
  return {
    register_id: "till-1",
    store_name: STORE.name,
    store_code: STORE.code,
    business_day: day,
    timezone: "Europe/Berlin",
    sessions: [
      {
        session_id: "drawer-1",
        opened_at: `${day}T08:00:00Z`,
        opened_by: "till-1",
        closed_at: `${day}T18:00:00Z`,
        closed_by: "till-1",
        cash,
        counted: money(11200),
        over_short: money(-50),
      },
    ],
    sale_count: 2,
    tenders: [
      { kind: "cash", label: "Cash", amount: money(1250) },
      { kind: "card", label: "Card", amount: money(3000) },
      { kind: "store_credit", label: "Store credit", amount: money(0) },
      { kind: "loyalty", label: "Loyalty", amount: money(0) },
    ],
    cash_in: money(0),
    cash_out: money(0),
    expected: money(11250),
    counted: money(11200),
    over_short: money(-50),
    made_at: `${day}T18:05:00Z`,
    ...changes,
  };
}

/** A purchase of two lines for the Returns view: 2 sweaters (1 can still come back) and a scarf. */
export function returnOrder(changes: Partial<ReturnOrderView> = {}): ReturnOrderView {
  return {
    order_id: "order-7",
    number: "W-00000007",
    channel: "web",
    bought_at: "2025-01-01T09:00:00Z",
    lines: [
      { line_no: 1, product_id: "p-sweater", name: "Merino Crew Sweater", bought: 2, returnable: 1, line_total: money(9998) },
      { line_no: 2, product_id: "p-scarf", name: "Wool Scarf", bought: 1, returnable: 1, line_total: money(2500) },
    ],
    refund_methods: ["original", "store_credit"],
    provisional: false,
    ...changes,
  };
}
