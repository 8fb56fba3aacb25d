import {
  commands,
  type CartLineView,
  type CartView,
  type HandoffView,
  type ParkedDoneView,
  type PaymentView,
  type PickupTarget,
  type Problem,
  type RegisterView,
  type ResumedView,
} from "../bindings";
import { withApproval } from "../approval";
import type { Result } from "../ipc";
import { h } from "../dom";
import { call } from "../ipc";
import { openAdjustDialog } from "./adjustDialog";
import { createCart } from "./cart";
import { createCheckout } from "./checkout";
import { createEnrolForm } from "./enrolForm";
import { createMessage } from "./message";
import { storedValueText } from "./storedValue";
import { createOpenedPanel } from "./opened";
import { createParking } from "./parking";
import { CUSTOMER_SEARCH_LIMIT, createCustomerSearch } from "./customerSearch";
import { createScanBox, type ScanSource } from "./scan";
import { createScanTools } from "./scanTools";
import { createSearch, SEARCH_LIMIT } from "./search";
import { openStockPanel, type StockPanel } from "./stockPanel";

export type RegisterOptions = {
  searchDebounceMs: number;
  highlightMs: number;
};

export const DEFAULT_REGISTER_OPTIONS: RegisterOptions = {
  searchDebounceMs: 120,
  highlightMs: 1600,
};

/** Where the Register sends what it cannot show itself. */
export type RegisterRoutes = {
  /** A genuine pickup code was scanned: show that pickup. */
  openPickup(pickup: PickupTarget, scannedText: string): void;
  /** A genuine receipt code was scanned, or a purchase chosen in a customer's history: take a return of that order. */
  openReturn(orderId: string, number: string): void;
};

/** The Register view: scan box, product search and the sale. */
export type RegisterScreen = {
  element: HTMLElement;
  focusScan(select?: boolean): void;
  focusSearch(select?: boolean): void;
  focusCustomerSearch(select?: boolean): void;
  /** True for the scan box. */
  isScanBox(el: Element | null): boolean;
  /** Send a barcode through the scan box, as if typed there and Enter pressed. */
  sendScan(code: string, source: ScanSource): void;
  /** Close what a scanned code opened (customer, handed-off cart), if anything. */
  closeOpened(): void;
  /** Open the cash payment of the sale (F9). */
  startCash(): void;
  /** Open the card payment of the sale (F10). */
  startCard(): void;
  /** Go to the parked cart's label, to park the sale (F7). */
  startPark(): void;
  /** Open the parked carts (F6). */
  openParked(): void;
  /** Show the cart as another view changed it (an exchange started on the Returns tab). */
  showCart(cart: CartView): void;
  /** True while a modal panel (camera, stock, cart hand-off code, parked carts) has the keyboard. */
  isModalOpen(): boolean;
  destroy(): void;
};

/** A cart command to run, or null when there is nothing to do any more. */
type CartCall = () => Promise<Result<CartView, Problem>> | null;

export function createRegister(view: RegisterView, options: RegisterOptions, routes: RegisterRoutes): RegisterScreen {
  let cart = view.cart;
  let destroyed = false;
  /** Cart commands run one after another, so answers are applied in order. */
  let queue: Promise<unknown> = Promise.resolve();
  /** True while the price or discount dialog is open. */
  let adjusting = false;

  const message = createMessage();
  const scan = createScanBox((text) => scanAction(text));
  const opened = createOpenedPanel(() => scan.focus(), {
    loyaltyCardQr: (accountId) => call(() => commands.loyaltyCardQr(accountId)),
    customerProfile: (customerId) => call(() => commands.customerProfile(customerId)),
    customerSuggestions: (customerId) => call(() => commands.customerSuggestions(customerId)),
    editCustomer: (customerId, edit) => call(() => commands.editCustomer(customerId, edit)),
    addNote: (customerId, text) => call(() => commands.addCustomerNote(customerId, text)),
    sellTo: (customerId) => cartAction(() => commands.attachCustomer(customerId), false),
    addProduct: (productId) => cartAction(() => commands.addProduct(productId), true),
    startReturn: (orderId, number) => {
      opened.close();
      routes.openReturn(orderId, number);
    },
    addOnlineCart: async (cartId, lineNos) => {
      let notes: string[] = [];
      const ok = await cartAction(async () => {
        const result = await call(() => commands.addOnlineCart(cartId, lineNos));
        if (result.status === "error") return result;
        notes = result.data.notes;
        return { status: "ok", data: result.data.cart };
      }, true);
      return ok ? notes : null;
    },
  });
  const checkout = createCheckout({
    payCash: (givenMinor) => payment(() => commands.payCash(givenMinor)),
    payCard: (input) => payment(() => commands.payCard(input)),
    redeemPoints: (points) => payment(() => commands.redeemPoints(points)),
    payStoreCredit: (cardId, amount) => payment(() => commands.payStoreCredit(cardId, amount)),
    discountSale: () => adjust(null),
    receipt: async (saleId) => {
      const result = await call(() => commands.receipt(saleId));
      if (result.status === "ok") return result.data;
      message.show(result.error, "cart");
      return null;
    },
    saveReceiptPdf: async (saleId) => {
      const result = await call(() => commands.saveReceiptPdf(saleId));
      if (result.status === "ok") return result.data;
      message.show(result.error, "cart");
      return null;
    },
    detachCustomer: () => cartAction(() => commands.detachCustomer(), false),
    handOff: async () => {
      let shown: HandoffView | null = null;
      await cartAction(async () => {
        const result = await call(() => commands.handOffCart());
        if (result.status === "error") return result;
        shown = result.data;
        return { status: "ok", data: result.data.cart };
      }, false);
      return shown;
    },
    onHandoffClosed: () => scan.focus(),
    completeExchange: (refundMethod) => payment(() => commands.completeExchange(refundMethod)),
    cancelExchange: async () => {
      await cartAction(() => commands.cancelExchange(), false);
      scan.focus();
    },
  });
  const parking = createParking({
    host: document.body,
    park: async (label) => {
      let parked: ParkedDoneView | null = null;
      await cartAction(async () => {
        const result = await call(() => commands.parkCart(label));
        if (result.status === "error") return result;
        parked = result.data;
        return { status: "ok", data: result.data.cart };
      }, false);
      return parked;
    },
    list: () => call(() => commands.parkedCarts()),
    resume: async (id) => {
      let outcome: Result<ResumedView, Problem> | null = null;
      await cartAction(
        async () => {
          const result = await call(() => commands.resumeParkedCart(id));
          outcome = result;
          if (result.status === "error") return result;
          return { status: "ok", data: result.data.cart };
        },
        false,
        // The parked carts dialog shows why, over the sale.
        () => undefined,
      );
      return outcome ?? { status: "error", error: { code: "internal", message: "The register was closed." } };
    },
    onDone: () => scan.focus(),
  });
  const enrolForm = createEnrolForm({
    enrol: (input) => call(() => commands.enrolCustomer(input)),
    enrolled: (view) => {
      opened.show({ kind: "customer", customer: view.customer });
      opened.showCardQr(view.qr, view.qr_problem);
    },
    cancelled: () => customerSearch.focus(),
  });
  const customerSearch = createCustomerSearch({
    newCustomer: () => {
      opened.close();
      enrolForm.open();
    },
    search: (query) => call(() => commands.searchCustomers(query, CUSTOMER_SEARCH_LIMIT)),
    open: (customer) => opened.show({ kind: "customer", customer }),
    onLeave: () => scan.focus(),
    debounceMs: options.searchDebounceMs,
  });
  const search = createSearch({
    search: (query) => call(() => commands.searchProducts(query, SEARCH_LIMIT)),
    pick: async (hit) => {
      const ok = await cartAction(() => commands.addProduct(hit.product_id), true);
      if (ok) scan.focus();
      return ok;
    },
    showStock: (hit) => showStock(hit.product_id),
    onSearchError: (problem) => message.show(problem, "search"),
    onSearchOk: () => message.clear("search"),
    onLeave: () => scan.focus(),
    debounceMs: options.searchDebounceMs,
  });
  const tools = createScanTools({
    sendScan: (code, source) => scan.sendCode(code, source),
    showProblem: (problem) => message.show(problem, "cart"),
    onCameraClosed: () => scan.focus(),
  });
  const cartTable = createCart(
    {
      increment: (lineId) =>
        void lineAction(lineId, (line) => commands.setLineQuantity(lineId, line.quantity + 1)),
      decrement: (lineId) =>
        void lineAction(lineId, (line) =>
          line.quantity > 1 ? commands.setLineQuantity(lineId, line.quantity - 1) : null,
        ),
      remove: (lineId) => void lineAction(lineId, () => commands.removeLine(lineId)),
      adjust: (lineId) => adjust(cart.lines.find((l) => l.line_id === lineId) ?? null),
      clear: () =>
        void cartAction(() => (cart.lines.length > 0 ? withApproval((approval) => commands.clearCart(approval)) : null), false).then(() =>
          scan.focus(),
        ),
    },
    options.highlightMs,
  );

  let stockPanel: StockPanel | null = null;

  /** The stock panel of a product; ordering elsewhere is for the customer open now. */
  function showStock(productId: string): void {
    stockPanel?.close();
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    stockPanel = openStockPanel({
      host: document.body,
      productId,
      customer: opened.customer(),
      load: (id) => call(() => commands.stockByStore(id)),
      order: (input) => call(() => commands.orderElsewhere(input)),
      onClose: () => {
        stockPanel = null;
        if (returnTo?.isConnected) returnTo.focus();
        else scan.focus();
      },
    });
  }

  /** The price or discount of a line, or (no line) the discount on the whole sale. */
  function adjust(line: CartLineView | null): void {
    if (cart.lines.length === 0) return;
    adjusting = true;
    openAdjustDialog(line, cart.total, {
      run: (action) => withApproval(action),
      overridePrice: (minor, approval) => commands.overridePrice(line!.line_id, minor, approval),
      setDiscount: (discount, approval) =>
        line ? commands.setLineDiscount(line.line_id, discount, approval) : commands.setOrderDiscount(discount, approval),
      done: (next) => showCart(next, null),
      closed: () => {
        adjusting = false;
        scan.focus();
      },
    });
  }

  /** A tender: the cart as it stands after it, and the sale when it is done; null when refused (the reason shown). */
  async function payment(run: () => Promise<Result<PaymentView, Problem>>): Promise<PaymentView | null> {
    let paid: PaymentView | null = null;
    await cartAction(async () => {
      const result = await call(run);
      if (result.status === "error") return result;
      paid = result.data;
      return { status: "ok", data: result.data.cart };
    }, false);
    return paid;
  }

  /** Runs a cart command in turn; a problem goes to the message area, or to `onProblem` when given. */
  function cartAction(run: CartCall, highlight: boolean, onProblem?: (problem: Problem) => void): Promise<boolean> {
    const step = queue.then(async () => {
      if (destroyed) return false;
      const pending = run();
      if (pending === null) return false;
      const result = await call(() => pending);
      if (destroyed) return false;
      if (result.status === "error") {
        if (onProblem) onProblem(result.error);
        else message.show(result.error, "cart");
        return false;
      }
      showCart(result.data, highlight ? result.data.last_added_line_id : null);
      message.clear();
      return true;
    });
    queue = step.catch(() => undefined);
    return step;
  }

  /**
   * A scan: a product goes into the cart; a genuine Shopfloor code opens what
   * it names (a pickup in the Pickups view, a receipt's order in the Returns
   * view, a gift card's balance in the message area, anything else in the panel).
   */
  function scanAction(text: string): Promise<boolean> {
    const step = queue.then(async () => {
      if (destroyed) return false;
      const result = await call(() => commands.scan(text));
      if (destroyed) return false;
      if (result.status === "error") {
        message.show(result.error, "cart");
        return false;
      }
      message.clear();
      const outcome = result.data;
      if (outcome.kind === "cart") {
        showCart(outcome.cart, outcome.cart.last_added_line_id);
      } else if (outcome.kind === "pickup") {
        routes.openPickup(outcome.pickup, text);
      } else if (outcome.kind === "receipt") {
        routes.openReturn(outcome.order.order_id, outcome.order.number);
      } else if (outcome.kind === "stored_value") {
        message.note(storedValueText(outcome.card));
        checkout.offerStoredValue(outcome.card);
      } else {
        opened.show(outcome);
      }
      return true;
    });
    queue = step.catch(() => undefined);
    return step;
  }

  function showCart(next: CartView, highlightLineId: string | null = null): void {
    cart = next;
    cartTable.render(cart, highlightLineId);
    checkout.render(cart);
    parking.render(cart);
  }

  /** Run a command on one line, reading the line as it is when the command's turn comes. */
  async function lineAction(
    lineId: string,
    run: (line: CartView["lines"][number]) => Promise<Result<CartView, Problem>> | null,
  ): Promise<void> {
    await cartAction(() => {
      const line = cart.lines.find((l) => l.line_id === lineId);
      return line ? run(line) : null;
    }, false);
    scan.focus();
  }

  const element = h(
    "section",
    { id: "register", class: "register", "aria-label": "Register" },
    h(
      "div",
      { class: "register-side" },
      h("section", { class: "panel scan-panel", "aria-label": "Scan" }, scan.element, tools.element, message.element),
      opened.element,
      enrolForm.element,
      search.element,
      customerSearch.element,
    ),
    cartTable.element,
  );
  cartTable.element.appendChild(checkout.element);
  cartTable.element.appendChild(parking.element);
  showCart(cart);
  // Escape anywhere in the Register closes what a scan opened, unless a
  // field used it (the scan box clearing its text, the search closing).
  element.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && !ev.defaultPrevented && opened.isOpen()) {
      ev.preventDefault();
      opened.close();
    }
  });

  return {
    element,
    focusScan: (select = false) => scan.focus(select),
    focusSearch: (select = false) => search.focus(select),
    focusCustomerSearch: (select = false) => customerSearch.focus(select),
    isScanBox: (el) => el === scan.input,
    sendScan: (code, source) => scan.sendCode(code, source),
    closeOpened: () => opened.close(),
    startCash: () => checkout.startCash(),
    startCard: () => checkout.startCard(),
    startPark: () => parking.startPark(),
    openParked: () => parking.openList(),
    showCart: (next) => {
      showCart(next);
      message.clear();
    },
    isModalOpen: () => tools.isCameraOpen() || checkout.isHandoffOpen() || stockPanel !== null || parking.isListOpen() || adjusting,
    destroy() {
      destroyed = true;
      parking.destroy();
      stockPanel?.close();
      tools.destroy();
      search.destroy();
      customerSearch.destroy();
    },
  };
}
