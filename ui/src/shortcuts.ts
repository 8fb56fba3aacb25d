import type { TabName } from "./nav";

export type ShortcutActions = {
  showTab(name: TabName): void;
  focusScan(select: boolean): void;
  focusSearch(select: boolean): void;
  focusCustomerSearch(select: boolean): void;
  /** Open the cash payment of the sale. */
  startCash(): void;
  /** Open the card payment of the sale. */
  startCard(): void;
  /** Open the cash drawer panel. */
  openDrawer(): void;
  /** Go to the parked cart's label, to park the sale. */
  startPark(): void;
  /** Open the parked carts list. */
  openParked(): void;
  registerShown(): boolean;
  /** True while a modal panel has the keyboard: shortcuts wait. */
  blocked(): boolean;
};

/** Alt+digit: the tab it shows. */
const TAB_KEYS: Partial<Record<string, TabName>> = { "1": "register", "2": "pickups", "3": "returns" };

function digitOf(ev: KeyboardEvent): string | null {
  // `code` too: with Alt held, some layouts turn the digit into another character.
  if (/^[0-9]$/.test(ev.key)) return ev.key;
  const m = /^(?:Digit|Numpad)([0-9])$/.exec(ev.code);
  return m ? m[1]! : null;
}

/**
 * Keys that work from anywhere: F2 scan box, F3 product search, F4 customer search, F6 parked carts,
 * F7 park the sale (type a label, Enter), F8 cash drawer, F9 pay cash, F10 pay by card, Alt+1
 * Register, Alt+2 Pickups, Alt+3 Returns. Typing while nothing has focus (a scanner firing
 * after a tap on the background) goes to the scan box.
 */
export function listenForShortcuts(actions: ShortcutActions): () => void {
  function onKeyDown(ev: KeyboardEvent): void {
    if (actions.blocked()) return;
    if (ev.key === "F2" || ev.key === "F3" || ev.key === "F4") {
      ev.preventDefault();
      if (!actions.registerShown()) actions.showTab("register");
      if (ev.key === "F2") actions.focusScan(true);
      else if (ev.key === "F3") actions.focusSearch(true);
      else actions.focusCustomerSearch(true);
      return;
    }
    if (ev.key === "F8") {
      ev.preventDefault();
      actions.openDrawer();
      return;
    }
    if (ev.key === "F6" || ev.key === "F7" || ev.key === "F9" || ev.key === "F10") {
      ev.preventDefault();
      if (!actions.registerShown()) actions.showTab("register");
      if (ev.key === "F6") actions.openParked();
      else if (ev.key === "F7") actions.startPark();
      else if (ev.key === "F9") actions.startCash();
      else actions.startCard();
      return;
    }
    if (ev.altKey && !ev.ctrlKey && !ev.metaKey) {
      const digit = digitOf(ev);
      const tab = digit === null ? undefined : TAB_KEYS[digit];
      if (tab) {
        ev.preventDefault();
        actions.showTab(tab);
      }
      return;
    }
    if (
      actions.registerShown() &&
      (document.activeElement === null || document.activeElement === document.body) &&
      ev.key.length === 1 &&
      !ev.ctrlKey &&
      !ev.metaKey
    ) {
      actions.focusScan(false);
    }
  }
  document.addEventListener("keydown", onKeyDown, true);
  return () => document.removeEventListener("keydown", onKeyDown, true);
}
