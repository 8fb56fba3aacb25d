import type { Problem } from "../bindings";
import { h } from "../dom";

/** Where a message came from, so a later success of the same kind can clear it. */
export type MessageSource = "cart" | "search" | "status";

export type MessageArea = {
  element: HTMLDivElement;
  show(problem: Problem, source?: MessageSource): void;
  /** Show a sentence that is news, not a problem (e.g. what a scanned gift card holds). */
  note(text: string, source?: MessageSource): void;
  /** Clear the message; with a source, only if the message came from that source. */
  clear(source?: MessageSource): void;
};

export function createMessage(): MessageArea {
  const element = h("div", { id: "message", class: "message", role: "alert", "aria-atomic": "true" });
  let currentSource: MessageSource | null = null;

  return {
    element,
    show(problem, source = "cart") {
      currentSource = source;
      element.dataset.code = problem.code;
      element.classList.add("has-message");
      element.classList.remove("is-note");
      element.textContent = problem.message;
    },
    note(text, source = "cart") {
      currentSource = source;
      delete element.dataset.code;
      element.classList.add("has-message", "is-note");
      element.textContent = text;
    },
    clear(source) {
      if (source && currentSource !== source) return;
      currentSource = null;
      delete element.dataset.code;
      element.classList.remove("has-message", "is-note");
      element.textContent = "";
    },
  };
}
