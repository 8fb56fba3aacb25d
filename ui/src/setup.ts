import { commands, type Problem, type RegisterView, type SyncView } from "./bindings";
import { focusElement, h } from "./dom";
import { APP_NAME } from "./format";
import { call } from "./ipc";
import { startPolling } from "./polling";

export type SetupDeps = {
  /** `sync_status` poll interval while setting up; 0: only the first look (tests drive the rest). */
  pollMs: number;
  /** The device is set up: the register state loaded. */
  onReady(view: RegisterView): void;
  /** The register state failed for another reason than "not set up yet". */
  onProblem(problem: Problem): void;
  /** "Try again" after setting up stopped (no hub, or the device was revoked). */
  onRetry(): void;
};

export type SetupScreen = {
  /** Resolves once the first status is on screen. */
  ready: Promise<void>;
  destroy(): void;
};

/** States in which setting up cannot go on by itself (stop polling, offer "Try again"), with what to do. */
const STUCK_HINTS: Partial<Record<SyncView["state"], string>> = {
  local_only: "No hub is configured for this device. Start Shopfloor with --hub and the hub's address, then try again.",
  revoked: "The hub no longer accepts this device. Ask IT to enrol it again, then try again.",
};

/**
 * Shown while the device enrols with its hub and loads its store's snapshot
 * (`register_state` answers `not_set_up`). Polls `sync_status` for progress;
 * once the device is online with no load running, it asks for the register
 * state again and hands over to the register when that works.
 */
export function mountSetup(root: HTMLElement, firstMessage: string, deps: SetupDeps): SetupScreen {
  const message = h("p", { id: "setup-message", class: "setup-message" }, firstMessage);
  const progress = h("progress", {
    id: "setup-progress",
    class: "setup-progress",
    "aria-labelledby": "setup-progress-text",
  });
  const progressText = h("p", { id: "setup-progress-text", class: "setup-progress-text" }, "Waiting for the hub…");
  const detail = h("p", { id: "setup-detail", class: "setup-detail", hidden: true });
  const hint = h("p", { id: "setup-hint", class: "setup-hint", hidden: true });
  const problem = h("p", { id: "setup-error", class: "setup-error", role: "alert", hidden: true });
  const retry = h(
    "button",
    { id: "setup-retry", class: "button button-primary", type: "button", hidden: true },
    "Try again",
  );
  const screen = h(
    "main",
    { id: "setup", class: "setup", "aria-labelledby": "setup-title", "aria-busy": "true" },
    h("div", { class: "app-name" }, APP_NAME),
    h("h1", { id: "setup-title", class: "setup-title" }, "Setting up this device"),
    message,
    h("div", { class: "setup-progress-row" }, progress, progressText),
    // Changes rarely (a new failure, a new step), so it is announced.
    h("div", { role: "status", class: "setup-detail-area" }, detail),
    hint,
    problem,
    retry,
  );

  let destroyed = false;
  let stuck = false;
  retry.addEventListener("click", () => deps.onRetry());

  function showStatus(sync: SyncView): void {
    screen.dataset.state = sync.state;
    message.textContent = sync.message;
    detail.textContent = sync.detail ?? "";
    detail.hidden = !sync.detail;
    problem.hidden = true;
    problem.textContent = "";

    const boot = sync.bootstrap;
    if (boot) {
      progress.dataset.section = boot.section;
      if (boot.total > 0) {
        progress.max = boot.total;
        progress.value = Math.min(boot.done, boot.total);
      } else {
        progress.removeAttribute("value"); // indeterminate
      }
      progressText.textContent = boot.total > 0 ? `Loading ${boot.section}: ${boot.done} of ${boot.total}` : `Loading ${boot.section}…`;
    } else {
      delete progress.dataset.section;
      progress.removeAttribute("value");
      progressText.textContent = sync.state === "online" ? "Opening the register…" : "Waiting for the hub…";
    }

    const stuckHint = STUCK_HINTS[sync.state];
    stuck = stuckHint !== undefined;
    hint.textContent = stuckHint ?? "";
    hint.hidden = !stuck;
    progress.hidden = stuck;
    progressText.hidden = stuck;
    retry.hidden = !stuck;
    if (stuck) {
      screen.removeAttribute("aria-busy");
      focusElement(retry);
    } else {
      screen.setAttribute("aria-busy", "true");
    }
  }

  function showProblem(p: Problem): void {
    problem.dataset.code = p.code;
    problem.textContent = p.message;
    problem.hidden = false;
  }

  /** One look at the status; true to keep polling. */
  async function look(): Promise<boolean> {
    const status = await call(() => commands.syncStatus());
    if (destroyed) return false;
    if (status.status === "error") {
      showProblem(status.error);
      return true;
    }
    showStatus(status.data);
    if (stuck) return false;
    if (status.data.state !== "online" || status.data.bootstrap) return true;

    const state = await call(() => commands.registerState());
    if (destroyed) return false;
    if (state.status === "ok") {
      deps.onReady(state.data);
      return false;
    }
    if (state.error.code !== "not_set_up") {
      deps.onProblem(state.error);
      return false;
    }
    return true;
  }

  root.replaceChildren(screen);
  root.removeAttribute("aria-busy");

  let first = true;
  let firstLook!: () => void;
  const ready = new Promise<void>((resolve) => (firstLook = resolve));
  const polling = startPolling(
    async () => {
      const goOn = await look();
      if (first) {
        first = false;
        firstLook();
      }
      if (!goOn) polling.stop();
    },
    deps.pollMs,
    { immediately: true },
  );

  return {
    ready,
    destroy() {
      destroyed = true;
      polling.stop();
      firstLook();
    },
  };
}
