import type { Problem, ProblemCode } from "./bindings";
import { focusElement, h } from "./dom";
import { APP_NAME } from "./format";

const HINTS: Partial<Record<ProblemCode, string>> = {
  database_too_new:
    "This register's data was written by a newer version of Shopfloor. Install the latest version of the app; do not delete the data.",
  database_corrupt:
    "The register's data file is damaged. Do not delete it: contact support so it can be recovered.",
  storage_full: "The disk is full. Free some space on this device, then try again.",
  internal: "Something unexpected went wrong. Try again; if it keeps happening, contact support.",
};

/** Shown instead of the register when the app cannot start. */
export function renderStartupError(root: HTMLElement, problem: Problem, retry: () => void): void {
  const retryButton = h("button", { id: "startup-retry", class: "button button-primary", type: "button" }, "Try again");
  retryButton.addEventListener("click", retry);
  const hint = HINTS[problem.code];
  root.replaceChildren(
    h(
      "main",
      { id: "startup-error", class: "startup-error", role: "alert", "data-code": problem.code },
      h("div", { class: "app-name" }, APP_NAME),
      h("h1", { class: "startup-error-title" }, "The register cannot open"),
      h("p", { id: "startup-error-message", class: "startup-error-message" }, problem.message),
      hint ? h("p", { class: "startup-error-hint" }, hint) : null,
      h("p", { class: "startup-error-code" }, `Code: ${problem.code}`),
      retryButton,
    ),
  );
  root.removeAttribute("aria-busy");
  focusElement(retryButton);
}

export function renderLoading(root: HTMLElement): void {
  root.setAttribute("aria-busy", "true");
  root.replaceChildren(h("main", { id: "loading", class: "loading" }, h("p", {}, `Opening ${APP_NAME}…`)));
}
