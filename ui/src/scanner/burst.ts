/**
 * Tells a barcode scanner from a person by keystroke timing alone: a scanner
 * in keyboard-wedge mode "types" the code in one fast burst and ends it with
 * Enter (or Tab); a person leaves 100 ms or more between keys.
 *
 * Pure: it sees key names and times, never the DOM, so it can be tested with
 * plain numbers.
 */

export type Terminator = "Enter" | "Tab";

export type BurstRules = {
  /** A scan has at least this many printable characters. */
  minChars: number;
  /** Longest pause (ms) between two characters of a scan, and between the last one and the terminator. */
  maxGapMs: number;
  /** Keys that end a scan. */
  terminators: readonly Terminator[];
};

export const DEFAULT_BURST_RULES: BurstRules = {
  minChars: 6,
  maxGapMs: 40,
  terminators: ["Enter"],
};

/** The parts of a keydown the detector looks at (a `KeyboardEvent` fits). */
export type KeyPress = {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  repeat: boolean;
  isComposing?: boolean;
};

/**
 * What a key press was:
 * - `start`: a printable character that begins a new burst (the field it goes
 *   into still holds what was there before the burst);
 * - `more`: a printable character continuing the burst;
 * - `scan`: the terminator of a burst that is a scan; `code` is what was typed;
 * - `other`: anything else (the burst, if any, is over).
 */
export type BurstStep =
  | { kind: "start" }
  | { kind: "more" }
  | { kind: "scan"; code: string }
  | { kind: "other" };

export type BurstDetector = {
  /** Feed every keydown, in order, with its time in ms. */
  press(key: KeyPress, time: number): BurstStep;
  /** Forget the burst in progress. */
  reset(): void;
};

/** Keys a scanner may send between characters without ending the burst (Shift before capitals). */
const NEUTRAL_KEYS = new Set(["Shift", "CapsLock"]);

function isPrintable(key: string): boolean {
  // One character (an astral one is two UTF-16 units); "Enter", "F2", "Dead" are names.
  return key.length === 1 || (key.length === 2 && key.codePointAt(0)! > 0xffff);
}

export function createBurstDetector(rules: BurstRules = DEFAULT_BURST_RULES): BurstDetector {
  let chars = "";
  let last = 0;

  function reset(): void {
    chars = "";
  }

  function inTime(time: number): boolean {
    const gap = time - last;
    return gap >= 0 && gap <= rules.maxGapMs;
  }

  return {
    reset,
    press(key, time) {
      // A scanner never holds a modifier, repeats a key or composes text.
      if (key.ctrlKey || key.altKey || key.metaKey || key.repeat || key.isComposing) {
        reset();
        return { kind: "other" };
      }
      if (NEUTRAL_KEYS.has(key.key)) return { kind: "other" };
      if (isPrintable(key.key)) {
        const continues = chars.length > 0 && inTime(time);
        chars = continues ? chars + key.key : key.key;
        last = time;
        return { kind: continues ? "more" : "start" };
      }
      const ends = !key.shiftKey && (rules.terminators as readonly string[]).includes(key.key);
      const code = chars;
      const isScan = ends && code.length >= rules.minChars && inTime(time);
      reset();
      return isScan ? { kind: "scan", code } : { kind: "other" };
    },
  };
}
