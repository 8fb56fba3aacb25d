import { createBurstDetector, DEFAULT_BURST_RULES, type BurstRules } from "./burst";
import { takeFieldSnapshot, type FieldSnapshot } from "./fieldSnapshot";

/**
 * A USB barcode scanner in keyboard-wedge mode types the code and Enter into
 * whatever has focus. This catches such a scan anywhere in the page (a burst
 * of fast keys, see `burst.ts`) and hands the code over instead:
 *
 * - the characters the burst typed into a text field are taken out again (the
 *   field gets its text and caret back, and an `input` event);
 * - the terminator (Enter/Tab) never reaches the focused element: no search,
 *   no button press, no focus move;
 * - when focus is in the scan box itself nothing is done: the box sends the
 *   code on its own Enter, as before.
 *
 * Keys typed at human speed, short fast bursts and anything with Ctrl, Alt or
 * Meta are left alone.
 */

export type WedgeSettings = BurstRules & {
  /** The time of a keydown in ms; by default when the browser created the event (not when it is handled). */
  clock?: (ev: KeyboardEvent) => number;
};

export const DEFAULT_WEDGE_SETTINGS: WedgeSettings = { ...DEFAULT_BURST_RULES };

export type WedgeTarget = {
  /** True for the scan box, which handles a scanner typing into it by itself. */
  isScanBox(el: Element | null): boolean;
  /** Send the scanned code (the keys are already taken care of). */
  scan(code: string): void;
};

function eventTime(ev: KeyboardEvent): number {
  return ev.timeStamp > 0 ? ev.timeStamp : performance.now();
}

/** Start listening (keydown, capture phase, on the document); returns the function that stops it. */
export function listenForWedgeScans(target: WedgeTarget, settings: WedgeSettings = DEFAULT_WEDGE_SETTINGS): () => void {
  const detector = createBurstDetector(settings);
  const clock = settings.clock ?? eventTime;
  /** The focused text field as it was before the current burst, if the burst started in one. */
  let before: FieldSnapshot | null = null;

  function onKeyDown(ev: KeyboardEvent): void {
    const step = detector.press(ev, clock(ev));
    if (step.kind === "start") {
      before = takeFieldSnapshot(ev.target);
      return;
    }
    if (step.kind === "more") return;
    const snapshot = before;
    before = null;
    if (step.kind !== "scan" || target.isScanBox(document.activeElement)) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    snapshot?.restore();
    target.scan(step.code);
  }

  document.addEventListener("keydown", onKeyDown, true);
  return () => document.removeEventListener("keydown", onKeyDown, true);
}
