/** Small DOM queries and key presses shared by the test files. */

export function $<T extends Element = HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`missing ${selector}`);
  return found;
}

export function $$<T extends Element = HTMLElement>(selector: string): T[] {
  return Array.from(document.querySelectorAll<T>(selector));
}

export function press(target: Element, key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const ev = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(ev);
  return ev;
}

/** Visible: in the page and neither it nor a parent is `hidden`. */
export function isShown(el: Element | null): boolean {
  return !!el && el.isConnected && el.closest("[hidden]") === null;
}

export function text(selector: string): string {
  return ($(selector).textContent ?? "").trim();
}

/** A fresh `#app` root in an empty body. */
export function freshRoot(): HTMLElement {
  document.body.replaceChildren();
  const root = document.createElement("div");
  root.id = "app";
  document.body.appendChild(root);
  return root;
}
