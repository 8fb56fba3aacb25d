import { invoke } from "@tauri-apps/api/core";
import type { Problem } from "../bindings";
import { call, type Result } from "../ipc";
import type { LumaFrame } from "./frame";

/**
 * Typed calls to the two Rust commands that read a QR code from bytes
 * (`src-tauri/src/image_commands.rs`). They take the raw IPC body, not JSON,
 * so a camera frame is not sent as an array of numbers; tauri-specta cannot
 * type such commands, so they are not in the generated `bindings.ts` and
 * these wrappers are written by hand (`tests/bindings.rs` checks that the
 * command names below are the Rust ones).
 *
 * Each resolves to the first QR code's text, or a problem: `no_code_found`,
 * `unreadable_image`, or `internal` when the call itself failed.
 */

/** A picked PNG or JPEG file's bytes. */
export function decodePicture(bytes: Uint8Array): Promise<Result<string, Problem>> {
  return call(async () => ({ status: "ok", data: await invoke<string>("decode_picture", bytes) }));
}

/** A greyscale camera frame (see `frame.ts`). */
export function decodeCameraFrame(frame: LumaFrame): Promise<Result<string, Problem>> {
  const headers = { "x-frame-width": String(frame.width), "x-frame-height": String(frame.height) };
  return call(async () => ({ status: "ok", data: await invoke<string>("decode_camera_frame", frame.pixels, { headers }) }));
}
