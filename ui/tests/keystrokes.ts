/**
 * Key presses as a browser delivers them, for jsdom (which only dispatches
 * events): keydown to the focused element; unless it was cancelled, a
 * printable key is typed into the focused text field (at the caret, with an
 * `input` event) and Enter on a button clicks it; then keyup.
 *
 * With fake timers, `gapMs` passes between keys (jsdom stamps events with
 * `Date.now()`, so the keyboard wedge sees the gaps).
 */
import { vi } from "vitest";

export type Keystroke = { key: string } & KeyboardEventInit;

function focused(): HTMLElement {
  return (document.activeElement as HTMLElement | null) ?? document.body;
}

function isTextField(el: Element): el is HTMLInputElement | HTMLTextAreaElement {
  return (el instanceof HTMLInputElement && ["text", "search"].includes(el.type)) || el instanceof HTMLTextAreaElement;
}

/** One key press; returns the keydown event (to check `defaultPrevented`). */
export function strike(stroke: Keystroke | string): KeyboardEvent {
  const init: Keystroke = typeof stroke === "string" ? { key: stroke } : stroke;
  const target = focused();
  const down = new KeyboardEvent("keydown", { bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(down);
  if (!down.defaultPrevented) {
    // Focus may have moved during keydown: the character goes where focus is now.
    const now = focused();
    const printable = init.key.length === 1 && !init.ctrlKey && !init.altKey && !init.metaKey;
    if (printable && isTextField(now)) {
      const start = now.selectionStart ?? now.value.length;
      const end = now.selectionEnd ?? start;
      now.setRangeText(init.key, start, end, "end");
      now.dispatchEvent(new InputEvent("input", { bubbles: true, data: init.key, inputType: "insertText" }));
    } else if (init.key === "Enter" && now instanceof HTMLButtonElement) {
      now.click();
    }
  }
  focused().dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, cancelable: true, ...init }));
  return down;
}

/**
 * Type `text` one key every `gapMs` (fake timers), then `end` (a terminator
 * such as "Enter", after the same gap) if given. Returns the terminator's keydown.
 */
export function typeKeys(
  text: string,
  gapMs: number,
  end?: Keystroke | string,
  init: KeyboardEventInit = {},
): KeyboardEvent | null {
  let first = true;
  for (const key of text) {
    if (!first) vi.advanceTimersByTime(gapMs);
    first = false;
    strike({ ...init, key });
  }
  if (end === undefined) return null;
  vi.advanceTimersByTime(gapMs);
  return strike(end);
}
