import { commands, type RegisterView } from "./bindings";
import { h } from "./dom";
import { createHeader } from "./header";
import { call } from "./ipc";
import { createNav, type TabName } from "./nav";
import { createPickupNotice } from "./pickups/pickupNotice";
import { watchPickupQueue } from "./pickups/pickupQueue";
import { createPickupsView } from "./pickups/pickupsView";
import { openDrawerPanel, type DrawerPanel } from "./register/drawerPanel";
import { createRegister, type RegisterOptions } from "./register/register";
import { createReturnsView } from "./returns/returnsView";
import { withApproval } from "./approval";
import { listenForWedgeScans, type WedgeSettings } from "./scanner/keyboardWedge";
import { listenForShortcuts } from "./shortcuts";
import { createStatusBar } from "./status/statusBar";

export type WorkspaceOptions = RegisterOptions & {
  /** `sync_status` poll interval for the status bar; 0 turns polling off. */
  statusPollMs: number;
  /** `pickup_queue` refresh interval; 0 loads the queue only when the Pickups tab is opened. */
  pickupPollMs: number;
  /** How a barcode scanner typing while focus is not in the scan box is recognised. */
  wedge: WedgeSettings;
  /** After "Sign out": back to the sign-in screen. */
  onSignOut?: () => void;
};

export type Workspace = { destroy(): void };

/**
 * The app once the device is set up: the header with the live status bar, the
 * tabs, and the Register, Pickups and Returns views under them.
 */
export function mountWorkspace(root: HTMLElement, view: RegisterView, options: WorkspaceOptions): Workspace {
  let shown: TabName = "register";
  /** Pickup ids that arrived while the Pickups view was not shown, not yet looked at. */
  const unseen = new Set<string>();

  const statusBar = createStatusBar(view.sync, { pollMs: options.statusPollMs, host: root });
  const register = createRegister(view, options, {
    openPickup(pickup, scannedText) {
      show("pickups", "none");
      pickups.select(pickup);
      // The customer's QR was genuine: open the order verified by it.
      void pickups.detail.openByQr(scannedText);
    },
    openReturn(orderId, number) {
      show("returns", "none");
      returns.openOrder(orderId, number);
    },
  });
  const returns = createReturnsView({
    find: (query) => call(() => commands.findReturn(query)),
    run: (take) => withApproval(take),
    take: (input) => commands.takeReturn(input),
    takeNoReceipt: (input) => commands.takeNoReceiptReturn(input),
    startExchange: (input) => commands.startExchange(input),
    exchangeStarted(cart) {
      register.showCart(cart);
      show("register", "view");
    },
  });
  const pickups = createPickupsView({
    onChanged: () => void queue.refresh(),
    startReturn(orderId, number) {
      show("returns", "none");
      returns.openOrder(orderId, number);
    },
  });
  const notice = createPickupNotice({
    open: () => show("pickups", "tab"),
    dismiss: () => {
      unseen.clear();
      notice.hide();
      if (shown === "register") register.focusScan();
    },
  });
  // The scan box is one tap away from every view (a tablet has no F2 key).
  const scanButton = h(
    "button",
    { id: "nav-scan", class: "button button-primary nav-scan", type: "button", "aria-keyshortcuts": "F2" },
    "Scan",
    h("span", { class: "shortcut", "aria-hidden": "true" }, "F2"),
  );
  scanButton.addEventListener("click", () => {
    statusBar.closePanel();
    show("register", "none");
    register.focusScan(true);
  });
  // The cash drawer (open, cash in and out, close, Z report): a tap or F8 from any view.
  const drawerButton = h(
    "button",
    { id: "nav-drawer", class: "button button-secondary nav-drawer", type: "button", "aria-keyshortcuts": "F8", "aria-haspopup": "dialog" },
    "Drawer",
    h("span", { class: "shortcut", "aria-hidden": "true" }, "F8"),
  );
  drawerButton.addEventListener("click", () => openDrawer());
  let drawer: DrawerPanel | null = null;

  /** Opens the drawer panel; focus goes back where it was when it closes. */
  function openDrawer(): void {
    if (drawer) return;
    statusBar.closePanel();
    const returnTo = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    drawer = openDrawerPanel({
      host: document.body,
      load: () => call(() => commands.drawerState()),
      open: (floatMinor) => call(() => commands.openDrawer(floatMinor)),
      cash: (kind, amountMinor, reason) => call(() => commands.drawerCash(kind, amountMinor, reason)),
      close: (countedMinor) => call(() => commands.closeDrawer(countedMinor)),
      zReport: (day) => call(() => commands.zReport(day)),
      print: () => window.print(),
      onClose: () => {
        drawer = null;
        if (returnTo?.isConnected) returnTo.focus();
        else if (shown === "register") register.focusScan();
      },
    });
  }

  const nav = createNav((name, how) => show(name, how === "activate" ? "view" : "none"), notice.element, scanButton, drawerButton);

  for (const [name, panel] of [
    ["register", register.element],
    ["pickups", pickups.element],
    ["returns", returns.element],
  ] as const) {
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", `tab-${name}`);
    panel.removeAttribute("aria-label");
  }

  const queue = watchPickupQueue({
    load: () => call(() => commands.pickupQueue()),
    pollMs: options.pickupPollMs,
    onQueue(orders, fresh) {
      const present = new Set(orders.map((o) => o.pickup_id));
      for (const id of unseen) if (!present.has(id)) unseen.delete(id);
      if (shown !== "pickups") for (const o of fresh) unseen.add(o.pickup_id);
      pickups.render(orders, new Set(fresh.map((o) => o.pickup_id)));
      nav.setPickupCount(orders.length);
      if (unseen.size > 0) notice.show(unseen.size);
      else notice.hide();
    },
    onError: (problem) => pickups.showError(problem),
  });

  /**
   * Show a view. `focus`: "view" moves focus into it (the scan box for the
   * Register, so a scanner keeps working; the order number on Returns), "tab"
   * onto its tab, "none" leaves it.
   */
  function show(name: TabName, focus: "view" | "tab" | "none"): void {
    shown = name;
    nav.select(name);
    register.element.hidden = name !== "register";
    pickups.element.hidden = name !== "pickups";
    returns.element.hidden = name !== "returns";
    if (name === "pickups") {
      unseen.clear();
      notice.hide();
      void queue.refresh();
    }
    if (focus === "view" && name === "register") register.focusScan();
    else if (focus === "view" && name === "returns") returns.focus();
    else if (focus !== "none") nav.tab(name).focus();
  }

  const stopShortcuts = listenForShortcuts({
    showTab: (name) => show(name, "view"),
    focusScan: (select) => register.focusScan(select),
    focusSearch: (select) => register.focusSearch(select),
    focusCustomerSearch: (select) => register.focusCustomerSearch(select),
    startCash: () => register.startCash(),
    startCard: () => register.startCard(),
    openDrawer: () => openDrawer(),
    startPark: () => register.startPark(),
    openParked: () => register.openParked(),
    registerShown: () => shown === "register",
    blocked: () => statusBar.isPanelOpen() || register.isModalOpen() || drawer !== null || returns.isBusy(),
  });

  /**
   * A scan caught anywhere goes into the sale: the conflicts and drawer panels close and
   * the Pickups view gives way to the Register (focus in the scan box), so the
   * cashier sees the line added or the reason it was not. On the Register,
   * focus stays where it was (a refused code is left selected in the scan box,
   * which takes focus, as for a refused scan typed there).
   */
  const stopWedge = listenForWedgeScans(
    {
      isScanBox: (el) => register.isScanBox(el) || pickups.detail.isScanBox(el),
      scan(code) {
        // On the Pickups view a pickup QR opens its order, and an item is picked while picking.
        if (shown === "pickups" && statusBar.isPanelOpen() === false && drawer === null && pickups.detail.takeScan(code)) return;
        const panelWasOpen = statusBar.isPanelOpen() || drawer !== null;
        statusBar.closePanel();
        drawer?.close();
        if (panelWasOpen || shown !== "register") show("register", "view");
        register.sendScan(code, "wedge");
      },
    },
    options.wedge,
  );

  const views = h("main", { id: "views", class: "views" }, register.element, pickups.element, returns.element);
  const signOut = () => {
    void call(() => commands.signOut()).then(() => options.onSignOut?.());
  };
  root.replaceChildren(createHeader(view.store, view.staff, statusBar.element, signOut), nav.element, views);
  root.removeAttribute("aria-busy");
  show("register", "view");

  return {
    destroy() {
      stopShortcuts();
      stopWedge();
      drawer?.close();
      queue.stop();
      statusBar.destroy();
      register.destroy();
    },
  };
}
