/** Small DOM queries, typing and key presses shared by the test files. */

import { expect, vi } from "vitest";

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

/** Types `value` into `input` as a person would: focus, the value, an input event. */
export function type(input: HTMLInputElement, value: string): void {
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

/** Types `code` into the register's scan box with Enter and waits until the backend (its `calls`) answered. */
export async function scan(backend: { calls: unknown[] }, code: string): Promise<void> {
  const input = $<HTMLInputElement>("#scan-input");
  const before = backend.calls.length;
  type(input, code);
  press(input, "Enter");
  await vi.waitFor(() => {
    expect(backend.calls.length).toBeGreaterThan(before);
    expect(input.hasAttribute("aria-busy")).toBe(false);
  });
}
