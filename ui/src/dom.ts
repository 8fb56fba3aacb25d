/** Tiny DOM builder: text goes in as text nodes, never as HTML. */

export type AttrValue = string | number | boolean | null | undefined;
export type Attrs = Record<string, AttrValue>;
export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    setAttr(node, name, value);
  }
  append(node, children);
  return node;
}

export function setAttr(node: Element, name: string, value: AttrValue): void {
  if (value === null || value === undefined || value === false) {
    node.removeAttribute(name);
  } else if (value === true) {
    node.setAttribute(name, "");
  } else {
    node.setAttribute(name, String(value));
  }
}

export function append(node: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
}

/** Focus an element without scrolling the page around, if the browser allows it. */
export function focusElement(el: HTMLElement, select = false): void {
  try {
    el.focus({ preventScroll: true });
  } catch {
    el.focus();
  }
  if (select && el instanceof HTMLInputElement) el.select();
}

/** What a modal panel's keyboard can reach: enabled controls not inside a hidden part. */
function focusablesIn(panel: HTMLElement): HTMLElement[] {
  return Array.from(
    panel.querySelectorAll<HTMLElement>("button:not([disabled]), [href], input, select, textarea, [tabindex]:not([tabindex='-1'])"),
  ).filter((el) => !el.closest("[hidden]"));
}

/**
 * A modal panel's keys: Escape calls `close`; Tab and Shift+Tab wrap around
 * inside the panel, so focus never leaves it while it is open.
 */
export function keepKeyboardInside(panel: HTMLElement, close: () => void): void {
  panel.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") {
      ev.preventDefault();
      ev.stopPropagation();
      close();
    } else if (ev.key === "Tab") {
      const items = focusablesIn(panel);
      const first = items[0];
      const last = items[items.length - 1];
      if (!first || !last) return;
      const active = document.activeElement;
      if (ev.shiftKey && (active === first || !panel.contains(active))) {
        ev.preventDefault();
        focusElement(last);
      } else if (!ev.shiftKey && (active === last || !panel.contains(active))) {
        ev.preventDefault();
        focusElement(first);
      }
    }
  });
}

export type Dialog = { element: HTMLElement; close(): void; isClosed(): boolean };

/**
 * Shows `panel` as a modal dialog over a dimmed background in `host`:
 * Escape, `closeButton` or a tap on the background closes it, once (then
 * `onClose`); Tab stays inside while it is open; focus starts on the button.
 */
export function openDialog(host: HTMLElement, overlayId: string, panel: HTMLElement, closeButton: HTMLElement, onClose: () => void): Dialog {
  const element = h("div", { id: overlayId, class: "overlay" }, panel);
  let closed = false;
  function close(): void {
    if (closed) return;
    closed = true;
    element.remove();
    onClose();
  }
  keepKeyboardInside(panel, close);
  closeButton.addEventListener("click", close);
  element.addEventListener("click", (ev) => {
    if (ev.target === element) close();
  });
  host.appendChild(element);
  focusElement(closeButton);
  return { element, close, isClosed: () => closed };
}
