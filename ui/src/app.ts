import { commands } from "./bindings";
import { call } from "./ipc";
import { DEFAULT_REGISTER_OPTIONS } from "./register/register";
import { mountSetup, type SetupScreen } from "./setup";
import { mountSignIn, type SignInScreen } from "./signIn";
import { DEFAULT_WEDGE_SETTINGS } from "./scanner/keyboardWedge";
import { renderLoading, renderStartupError } from "./startup";
import { mountWorkspace, type Workspace, type WorkspaceOptions } from "./workspace";

export type AppOptions = WorkspaceOptions & {
  /** `sync_status` poll interval on the setup screen; 0 looks once (tests drive the rest). */
  setupPollMs: number;
};

export const DEFAULT_APP_OPTIONS: AppOptions = {
  ...DEFAULT_REGISTER_OPTIONS,
  statusPollMs: 1000,
  pickupPollMs: 2000,
  setupPollMs: 500,
  wedge: DEFAULT_WEDGE_SETTINGS,
};

export type AppHandle = {
  /** Resolves once the register, the setup screen or the start-up problem is on screen. */
  ready: Promise<void>;
  destroy(): void;
};

/**
 * Load the register state and show the workspace (Register and Pickups), the
 * setup screen while the device is still being set up, or the reason it cannot open.
 */
export function startApp(root: HTMLElement, options: Partial<AppOptions> = {}): AppHandle {
  const opts: AppOptions = { ...DEFAULT_APP_OPTIONS, ...options };
  let workspace: Workspace | null = null;
  let setup: SetupScreen | null = null;
  let signIn: SignInScreen | null = null;
  let destroyed = false;

  function closeScreens(): void {
    setup?.destroy();
    setup = null;
    signIn?.destroy();
    signIn = null;
    workspace?.destroy();
    workspace = null;
  }

  async function open(): Promise<void> {
    closeScreens();
    renderLoading(root);
    const result = await call(() => commands.registerState());
    if (destroyed) return;
    if (result.status === "ok") {
      workspace = mountWorkspace(root, result.data, { ...opts, onSignOut: () => void open() });
      return;
    }
    if (result.error.code === "sign_in_required") {
      signIn = mountSignIn(root, { onSignedIn: () => void open() });
      await signIn.ready;
      return;
    }
    if (result.error.code !== "not_set_up") {
      renderStartupError(root, result.error, () => void open());
      return;
    }
    const screen = mountSetup(root, result.error.message, {
      pollMs: opts.setupPollMs,
      onReady: (view) => {
        closeScreens();
        if (!destroyed) workspace = mountWorkspace(root, view, { ...opts, onSignOut: () => void open() });
      },
      onProblem: (problem) => {
        closeScreens();
        if (destroyed) return;
        // Set up now: somebody signs in first.
        if (problem.code === "sign_in_required") void open();
        else renderStartupError(root, problem, () => void open());
      },
      onRetry: () => void open(),
    });
    setup = screen;
    await screen.ready;
  }

  return {
    ready: open(),
    destroy() {
      destroyed = true;
      closeScreens();
    },
  };
}
