import { commands } from "./bindings";
import { call } from "./ipc";
import { DEFAULT_REGISTER_OPTIONS, mountRegister, type RegisterOptions, type RegisterScreen } from "./register/register";
import { renderLoading, renderStartupError } from "./startup";

export type AppHandle = {
  /** Resolves once the register (or the start-up problem) is on screen. */
  ready: Promise<void>;
  destroy(): void;
};

/** Load the register state and show the Register screen, or the reason it cannot open. */
export function startApp(root: HTMLElement, options: Partial<RegisterOptions> = {}): AppHandle {
  const opts: RegisterOptions = { ...DEFAULT_REGISTER_OPTIONS, ...options };
  let screen: RegisterScreen | null = null;
  let destroyed = false;

  async function open(): Promise<void> {
    renderLoading(root);
    const result = await call(() => commands.registerState());
    if (destroyed) return;
    if (result.status === "error") {
      renderStartupError(root, result.error, () => void open());
      return;
    }
    screen = mountRegister(root, result.data, opts);
  }

  return {
    ready: open(),
    destroy() {
      destroyed = true;
      screen?.destroy();
      screen = null;
    },
  };
}
