import type { Problem } from "./bindings";

/** What every generated command resolves to. */
export type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

/**
 * The generated bindings turn a rejected command into `{status: "error"}`, but
 * rethrow JavaScript `Error`s (IPC missing, serialisation failure, ...). The UI
 * treats those as an internal problem so every call site handles one shape.
 */
export async function call<T>(run: () => Promise<Result<T, Problem>>): Promise<Result<T, Problem>> {
  try {
    const result = await run();
    if (result.status === "error") return { status: "error", error: toProblem(result.error) };
    return result;
  } catch (e) {
    return { status: "error", error: toProblem(e) };
  }
}

export function toProblem(e: unknown): Problem {
  if (isProblem(e)) return e;
  if (e instanceof Error) return { code: "internal", message: e.message || "Unexpected error" };
  if (typeof e === "string" && e) return { code: "internal", message: e };
  return { code: "internal", message: "Unexpected error" };
}

function isProblem(e: unknown): e is Problem {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as { code?: unknown }).code === "string" &&
    typeof (e as { message?: unknown }).message === "string"
  );
}
