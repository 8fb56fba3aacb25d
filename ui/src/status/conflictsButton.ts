import { h } from "../dom";
import { conflictsText } from "../format";

export type ConflictsButton = {
  element: HTMLButtonElement;
  update(count: number): void;
  setExpanded(open: boolean): void;
};

/** "Conflicts (N)" in the status bar; stays focusable (and opens the list) at 0 too. */
export function createConflictsButton(open: () => void): ConflictsButton {
  const element = h("button", {
    id: "conflicts-button",
    class: "conflicts-button",
    type: "button",
    "aria-haspopup": "dialog",
    "aria-expanded": "false",
  });

  element.addEventListener("click", open);
  // Enter and Space open it right away (and never twice with the button's own click).
  element.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" || ev.key === " ") {
      ev.preventDefault();
      open();
    }
  });

  function update(count: number): void {
    const n = Math.max(0, count);
    element.dataset.count = String(n);
    element.classList.toggle("has-conflicts", n > 0);
    const text = conflictsText(n);
    if (element.textContent !== text) element.textContent = text;
  }

  return {
    element,
    update,
    setExpanded(open) {
      element.setAttribute("aria-expanded", String(open));
    },
  };
}
