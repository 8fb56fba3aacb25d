/**
 * Runs a task again and again, `intervalMs` after the previous run finished
 * (never two at once, so answers arrive in order). An interval of 0 or less
 * means "only when asked" (`runNow`), which tests use to keep control.
 */
export type Polling = {
  /** Run the task now (or join the run already going); the next run is counted from its end. */
  runNow(): Promise<void>;
  stop(): void;
};

export function startPolling(task: () => Promise<void>, intervalMs: number, options: { immediately?: boolean } = {}): Polling {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  function cancelTimer(): void {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  }

  function schedule(): void {
    cancelTimer();
    if (stopped || intervalMs <= 0) return;
    timer = setTimeout(() => {
      timer = null;
      void runNow();
    }, intervalMs);
  }

  function runNow(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) return running;
    cancelTimer();
    const run = Promise.resolve()
      .then(task)
      .catch(() => undefined)
      .finally(() => {
        running = null;
        schedule();
      });
    running = run;
    return run;
  }

  if (options.immediately) void runNow();
  else schedule();

  return {
    runNow,
    stop() {
      stopped = true;
      cancelTimer();
    },
  };
}
