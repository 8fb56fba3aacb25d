import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { startApp, type AppHandle } from "../src/app";
import { MAX_PICTURE_BYTES } from "../src/scanner/imageFile";
import { FakeBackend } from "./fakeBackend";
import { $, $$, freshRoot, isShown, press } from "./page";

const COFFEE = "4006381333931";

let backend: FakeBackend;
let app: AppHandle | null = null;

async function start(): Promise<void> {
  app = startApp(freshRoot(), { statusPollMs: 0, pickupPollMs: 0, searchDebounceMs: 10, highlightMs: 50 });
  await app.ready;
}

function cartProducts(): string[] {
  return $$<HTMLTableRowElement>("#cart tr.cart-line").map((row) => row.dataset.productId ?? "");
}

function callsOf(cmd: string): unknown[] {
  return backend.calls.filter((c) => c.cmd === cmd).map((c) => c.args);
}

/** Pick `file` in the picture input, as the system's file picker does. */
function pick(file: File): void {
  const input = $<HTMLInputElement>("#scan-image-file");
  Object.defineProperty(input, "files", { configurable: true, value: [file] });
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

type FakeStream = MediaStream & { stopped: () => boolean };

function fakeStream(): FakeStream {
  const track = { stop: vi.fn() };
  return { getTracks: () => [track], stopped: () => track.stop.mock.calls.length > 0 } as unknown as FakeStream;
}

/** A webview with a camera: `getUserMedia` answers with `answer`. */
function withCamera(answer: () => Promise<MediaStream>): ReturnType<typeof vi.fn> {
  const getUserMedia = vi.fn(answer);
  Object.defineProperty(navigator, "mediaDevices", { configurable: true, value: { getUserMedia } });
  return getUserMedia;
}

/** A 1920×1080 video whose pictures a fake 2D canvas hands over as grey pixels. */
function withVideoPictures(): void {
  vi.spyOn(HTMLVideoElement.prototype, "videoWidth", "get").mockReturnValue(1920);
  vi.spyOn(HTMLVideoElement.prototype, "videoHeight", "get").mockReturnValue(1080);
  vi.spyOn(HTMLMediaElement.prototype, "play").mockResolvedValue(undefined);
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation(function (this: HTMLCanvasElement) {
    const canvas = this;
    return {
      drawImage: () => undefined,
      getImageData: () => ({ data: new Uint8ClampedArray(canvas.width * canvas.height * 4).fill(128) }),
    } as unknown as CanvasRenderingContext2D;
  } as unknown as HTMLCanvasElement["getContext"]);
}

beforeEach(() => {
  backend = new FakeBackend().install();
});

afterEach(() => {
  app?.destroy();
  app = null;
  clearMocks();
  Reflect.deleteProperty(navigator, "mediaDevices");
  vi.useRealTimers();
});

describe("scan a picture", () => {
  it("sends the picked file's bytes and scans the code read from it", async () => {
    await start();
    const button = $<HTMLButtonElement>("#scan-picture");
    expect(button.textContent).toBe("Scan a picture");
    expect($<HTMLInputElement>("#scan-image-file").accept).toContain("image/");
    pick(new File([`QR:${COFFEE}`], "code.png", { type: "image/png" }));
    await vi.waitFor(() => expect(cartProducts()).toEqual(["p-coffee"]));
    const sent = callsOf("decode_picture")[0];
    expect(sent).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(sent as Uint8Array)).toBe(`QR:${COFFEE}`);
    expect(callsOf("scan")).toEqual([{ text: COFFEE }]);
    expect($("#scan-input").dataset.lastScanSource).toBe("image-file");
  });

  it("shows why a picture gave no code, and scans nothing", async () => {
    await start();
    pick(new File(["a photo of a cat"], "cat.jpg", { type: "image/jpeg" }));
    await vi.waitFor(() => expect($("#message").dataset.code).toBe("no_code_found"));
    expect($("#message").textContent).toContain("No QR code found in that picture");
    expect(callsOf("scan")).toEqual([]);

    pick(new File(["NOT-AN-IMAGE"], "notes.png", { type: "image/png" }));
    await vi.waitFor(() => expect($("#message").dataset.code).toBe("unreadable_image"));
    expect($("#message").textContent).toContain("PNG or JPEG");
  });

  it("refuses a file over the size limit without reading it", async () => {
    await start();
    const huge = new File(["x"], "huge.png", { type: "image/png" });
    Object.defineProperty(huge, "size", { value: MAX_PICTURE_BYTES + 1 });
    pick(huge);
    await vi.waitFor(() => expect($("#message").dataset.code).toBe("unreadable_image"));
    expect($("#message").textContent).toContain("smaller picture");
    expect(callsOf("decode_picture")).toEqual([]);
  });

  it("opens the file picker from its button", async () => {
    await start();
    const click = vi.spyOn($<HTMLInputElement>("#scan-image-file"), "click").mockImplementation(() => undefined);
    $<HTMLButtonElement>("#scan-picture").click();
    expect(click).toHaveBeenCalledTimes(1);
  });
});

describe("camera", () => {
  it("sends greyscale frames until one holds a code, then scans it and stops the camera", async () => {
    vi.useFakeTimers();
    withVideoPictures();
    const stream = fakeStream();
    const getUserMedia = withCamera(async () => stream);
    backend.frameTexts = [null, COFFEE];
    await start();

    $<HTMLButtonElement>("#scan-camera").click();
    await vi.advanceTimersByTimeAsync(0);
    expect(getUserMedia).toHaveBeenCalledWith(
      expect.objectContaining({ audio: false, video: expect.objectContaining({ facingMode: "environment" }) }),
    );
    expect($("#camera-panel").dataset.state).toBe("scanning");
    expect(document.activeElement).toBe($("#camera-close"));

    await vi.advanceTimersByTimeAsync(250);
    const frames = callsOf("decode_camera_frame");
    expect(frames).toHaveLength(1);
    // Downscaled to 1280×720, one byte a pixel.
    expect((frames[0] as Uint8Array).length).toBe(1280 * 720);
    expect((frames[0] as Uint8Array)[0]).toBe(128);
    expect(isShown(document.querySelector("#camera-panel"))).toBe(true);

    await vi.advanceTimersByTimeAsync(250);
    await vi.waitFor(() => expect(cartProducts()).toEqual(["p-coffee"]));
    expect(document.querySelector("#camera-overlay")).toBeNull();
    expect(stream.stopped()).toBe(true);
    expect($("#scan-input").dataset.lastScanSource).toBe("camera");
    expect(callsOf("scan")).toEqual([{ text: COFFEE }]);

    // No frame is sent once the camera is closed.
    await vi.advanceTimersByTimeAsync(1000);
    expect(callsOf("decode_camera_frame")).toHaveLength(2);
  });

  it("shows a frame problem other than 'no code' and keeps trying", async () => {
    vi.useFakeTimers();
    withVideoPictures();
    withCamera(async () => fakeStream());
    backend.frameProblem = { code: "unreadable_image", message: "The camera sent a broken frame; try again." };
    await start();
    $<HTMLButtonElement>("#scan-camera").click();
    await vi.advanceTimersByTimeAsync(250);
    expect($("#camera-status").dataset.code).toBe("unreadable_image");
    expect($("#camera-status").textContent).toContain("broken frame");
    backend.frameProblem = null;
    await vi.advanceTimersByTimeAsync(250);
    expect($("#camera-status").dataset.code).toBeUndefined();
    expect(callsOf("decode_camera_frame")).toHaveLength(2);
  });

  it("says so when the window has no camera support, and offers a picture instead", async () => {
    await start();
    const click = vi.spyOn($<HTMLInputElement>("#scan-image-file"), "click").mockImplementation(() => undefined);
    $<HTMLButtonElement>("#scan-camera").click();
    await vi.waitFor(() => expect($("#camera-panel").dataset.state).toBe("unavailable"));
    expect($("#camera-panel").dataset.cameraError).toBe("unsupported");
    expect($("#camera-status").textContent).toContain("cannot use a camera");
    const instead = $<HTMLButtonElement>("#camera-picture");
    expect(document.activeElement).toBe(instead);
    instead.click();
    expect(document.querySelector("#camera-overlay")).toBeNull();
    expect(click).toHaveBeenCalledTimes(1);
  });

  it.each([
    ["NotAllowedError", "Camera use was refused"],
    ["NotFoundError", "No camera was found"],
    ["NotReadableError", "another app may be using it"],
  ])("explains %s", async (name, says) => {
    withCamera(() => Promise.reject(new DOMException("nope", name)));
    await start();
    $<HTMLButtonElement>("#scan-camera").click();
    await vi.waitFor(() => expect($("#camera-panel").dataset.cameraError).toBe(name));
    expect($("#camera-status").textContent).toContain(says);
    expect(isShown($("#camera-picture"))).toBe(true);
    expect(callsOf("decode_camera_frame")).toEqual([]);
  });

  it("closes on Escape, stops the camera and gives focus back to the scan box", async () => {
    vi.useFakeTimers();
    withVideoPictures();
    const stream = fakeStream();
    withCamera(async () => stream);
    await start();
    $<HTMLButtonElement>("#scan-camera").click();
    await vi.advanceTimersByTimeAsync(0);
    press($("#camera-close"), "Escape");
    expect(document.querySelector("#camera-overlay")).toBeNull();
    expect(stream.stopped()).toBe(true);
    expect(document.activeElement).toBe($("#scan-input"));
    await vi.advanceTimersByTimeAsync(1000);
    expect(callsOf("decode_camera_frame")).toEqual([]);
  });

  it("stops a camera that opens after the panel was closed", async () => {
    const stream = fakeStream();
    let open!: (s: MediaStream) => void;
    withCamera(() => new Promise<MediaStream>((resolve) => (open = resolve)));
    await start();
    $<HTMLButtonElement>("#scan-camera").click();
    $<HTMLButtonElement>("#camera-close").click();
    open(stream);
    await vi.waitFor(() => expect(stream.stopped()).toBe(true));
  });

  it("keeps Tab inside the panel and the shortcuts off while it is open", async () => {
    withCamera(() => Promise.reject(new DOMException("none", "NotFoundError")));
    await start();
    $<HTMLButtonElement>("#scan-camera").click();
    await vi.waitFor(() => expect($("#camera-panel").dataset.state).toBe("unavailable"));
    const instead = $<HTMLButtonElement>("#camera-picture");
    const ev = press(instead, "Tab");
    expect(ev.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe($("#camera-close"));
    press(document.body, "F3");
    expect(document.activeElement).toBe($("#camera-close"));
  });
});
