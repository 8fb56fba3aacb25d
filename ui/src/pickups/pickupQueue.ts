import type { PickupView, Problem } from "../bindings";
import type { Result } from "../ipc";
import { startPolling } from "../polling";

export type PickupQueueWatch = {
  /** Load the queue now (e.g. when the Pickups view is opened). */
  refresh(): Promise<void>;
  stop(): void;
};

export type PickupQueueDeps = {
  load(): Promise<Result<PickupView[], Problem>>;
  /** `fresh`: orders that were not in the previous answer (none on the first load). */
  onQueue(orders: PickupView[], fresh: PickupView[]): void;
  onError(problem: Problem): void;
  /** Refresh interval; 0 loads only on `refresh()`. */
  pollMs: number;
};

/** Keeps the pickup queue fresh and tells which orders are new since the last look. */
export function watchPickupQueue(deps: PickupQueueDeps): PickupQueueWatch {
  let known: Set<string> | null = null;
  let stopped = false;

  const polling = startPolling(
    async () => {
      const result = await deps.load();
      if (stopped) return;
      if (result.status === "error") {
        deps.onError(result.error);
        return;
      }
      const orders = result.data;
      const fresh = known === null ? [] : orders.filter((o) => !known!.has(o.pickup_id));
      known = new Set(orders.map((o) => o.pickup_id));
      deps.onQueue(orders, fresh);
    },
    deps.pollMs,
    { immediately: deps.pollMs > 0 },
  );

  return {
    refresh: () => polling.runNow(),
    stop() {
      stopped = true;
      polling.stop();
    },
  };
}
