import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { decodeCameraFrame, decodePicture } from "../src/scanner/decodeIpc";
import { fitFrame, toLuma } from "../src/scanner/frame";

afterEach(() => clearMocks());

describe("camera frames", () => {
  it("are downscaled to at most 1280×720 (720×1280 upright), never up", () => {
    expect(fitFrame(1920, 1080)).toEqual({ width: 1280, height: 720 });
    expect(fitFrame(1080, 1920)).toEqual({ width: 720, height: 1280 });
    expect(fitFrame(4032, 3024)).toEqual({ width: 960, height: 720 });
    expect(fitFrame(640, 480)).toEqual({ width: 640, height: 480 });
    expect(fitFrame(0, 0)).toEqual({ width: 0, height: 0 });
  });

  it("are one byte of brightness a pixel", () => {
    const rgba = new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255, 0, 255, 0, 255]);
    const frame = toLuma(rgba, 2, 2);
    expect(frame).toEqual({ width: 2, height: 2, pixels: new Uint8Array([255, 0, 76, 150]) });
  });
});

/** Every invoke with its options (the mock drops the options). */
function recordInvokes(answer: (cmd: string) => unknown): { cmd: string; args: unknown; options: unknown }[] {
  mockIPC((cmd) => answer(cmd));
  const seen: { cmd: string; args: unknown; options: unknown }[] = [];
  const internals = (window as unknown as { __TAURI_INTERNALS__: { invoke: (...a: unknown[]) => Promise<unknown> } })
    .__TAURI_INTERNALS__;
  const invoke = internals.invoke;
  internals.invoke = (cmd, args, options) => {
    seen.push({ cmd: cmd as string, args, options });
    return invoke(cmd, args, options);
  };
  return seen;
}

describe("the raw-body commands", () => {
  it("send a frame's pixels as the body and its size in headers", async () => {
    const seen = recordInvokes(() => "4006381333931");
    const pixels = new Uint8Array(6);
    const result = await decodeCameraFrame({ width: 3, height: 2, pixels });
    expect(result).toEqual({ status: "ok", data: "4006381333931" });
    expect(seen).toEqual([
      { cmd: "decode_camera_frame", args: pixels, options: { headers: { "x-frame-width": "3", "x-frame-height": "2" } } },
    ]);
  });

  it("send a picture's bytes as the body, and turn a refusal into a problem", async () => {
    const seen = recordInvokes(() => {
      throw { code: "no_code_found", message: "No QR code found in that picture." };
    });
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const result = await decodePicture(bytes);
    expect(result).toEqual({ status: "error", error: { code: "no_code_found", message: "No QR code found in that picture." } });
    expect(seen[0]).toMatchObject({ cmd: "decode_picture", args: bytes });
  });
});
