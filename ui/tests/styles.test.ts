import { describe, expect, it } from "vitest";
import css from "../src/styles.css?raw";

describe("styles.css", () => {
  // Regression: `#details-problem:empty {` lost its `}`, so every later rule
  // (the stock panel's, then the drawer's) was nested under it and never applied.
  it("closes every block it opens, in order", () => {
    let depth = 0;
    let lowest = 0;
    for (const ch of css.replace(/\/\*[\s\S]*?\*\//g, "")) {
      if (ch === "{") depth++;
      if (ch === "}") depth--;
      lowest = Math.min(lowest, depth);
    }
    expect(css.length).toBeGreaterThan(1000);
    expect({ lowest, end: depth }).toEqual({ lowest: 0, end: 0 });
  });

  it("keeps top-level rules for the stock panel and the drawer", () => {
    for (const selector of [".stock-stores {", ".drawer-actions {", ".z-table {"]) {
      expect(css.split("\n")).toContain(selector);
    }
  });
});
