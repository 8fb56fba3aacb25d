import type { Problem } from "../bindings";
import { focusElement, h, keepKeyboardInside } from "../dom";
import type { Result } from "../ipc";
import { grabFrame, type LumaFrame } from "./frame";

/**
 * The camera scanner (tablets): a modal panel showing the back camera
 * (`getUserMedia`, through the webview). About every 250 ms the current
 * picture is sent to Rust as a greyscale frame, one frame at a time; the
 * first QR code read closes the panel and goes to `onCode`. When the window
 * has no camera, or its use is refused, the panel says so and offers the
 * picture option instead.
 *
 * The panel's `data-state` is "starting", "scanning" or "unavailable"; when
 * the camera could not start, `data-camera-error` names why (the
 * `DOMException` name, or "unsupported" without `navigator.mediaDevices`).
 */

export type CameraDeps = {
  /** Where the panel is added (it is removed again on close). */
  host: HTMLElement;
  /** `navigator.mediaDevices`, which a webview without camera support lacks. */
  media: Pick<MediaDevices, "getUserMedia"> | undefined;
  decode(frame: LumaFrame): Promise<Result<string, Problem>>;
  /** A code was read; the panel is already closed. */
  onCode(text: string): void;
  /** "Scan a picture instead"; the panel is already closed. */
  pickPicture(): void;
  /** Called once the panel is gone, whatever closed it. */
  onClose(): void;
  intervalMs?: number;
  /** The video's current picture as a frame; by default drawn through a canvas. */
  grab?(video: HTMLVideoElement): LumaFrame | null;
};

export type CameraPanel = { close(): void };

export const CAMERA_INTERVAL_MS = 250;

const CONSTRAINTS: MediaStreamConstraints = {
  audio: false,
  video: { facingMode: "environment", width: { ideal: 1280 }, height: { ideal: 720 } },
};

const AIM = "Hold the QR code inside the picture, flat and close.";

/** What to tell the person when the camera cannot start, by `DOMException` name. */
export function cameraUnavailableMessage(name: string): string {
  switch (name) {
    case "unsupported":
      return "This window cannot use a camera. Scan a picture of the code instead, or type the code.";
    case "NotAllowedError":
    case "SecurityError":
      return "Camera use was refused. Allow Shopfloor to use the camera in this device's settings, or scan a picture instead.";
    case "NotFoundError":
    case "OverconstrainedError":
      return "No camera was found on this device. Scan a picture of the code instead, or type the code.";
    case "NotReadableError":
    case "AbortError":
      return "The camera could not be started; another app may be using it. Close that app and try again, or scan a picture instead.";
    default:
      return `The camera could not be started (${name}). Scan a picture of the code instead, or type the code.`;
  }
}

/** The name of what `getUserMedia` threw (a `DOMException`, which is not an `Error` everywhere). */
function errorName(e: unknown): string {
  const name = typeof e === "object" && e !== null ? (e as { name?: unknown }).name : undefined;
  return typeof name === "string" && name ? name : "Error";
}

export function openCamera(deps: CameraDeps): CameraPanel {
  const intervalMs = deps.intervalMs ?? CAMERA_INTERVAL_MS;
  const canvas = document.createElement("canvas");
  const grab = deps.grab ?? ((video: HTMLVideoElement) => grabFrame(video, canvas));

  const closeButton = h("button", { id: "camera-close", class: "button button-quiet", type: "button" }, "Close");
  const pictureButton = h(
    "button",
    { id: "camera-picture", class: "button button-quiet camera-picture", type: "button" },
    "Scan a picture instead",
  );
  const video = h("video", { id: "camera-video", class: "camera-video", muted: true, playsinline: true, autoplay: true });
  video.muted = true;
  const status = h("p", { id: "camera-status", class: "camera-status", role: "status" }, "Starting the camera…");
  const panel = h(
    "section",
    {
      id: "camera-panel",
      class: "dialog-panel camera-panel",
      role: "dialog",
      "aria-modal": "true",
      "aria-labelledby": "camera-title",
      "aria-describedby": "camera-status",
      "data-state": "starting",
    },
    h("div", { class: "panel-head" }, h("h2", { id: "camera-title", class: "panel-title" }, "Scan with the camera"), closeButton),
    video,
    status,
    h("div", { class: "camera-actions" }, pictureButton),
  );
  const element = h("div", { id: "camera-overlay", class: "overlay" }, panel);

  let closed = false;
  let stream: MediaStream | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function close(): void {
    if (closed) return;
    closed = true;
    if (timer !== null) clearTimeout(timer);
    stopStream();
    element.remove();
    deps.onClose();
  }

  function stopStream(): void {
    for (const track of stream?.getTracks() ?? []) track.stop();
    stream = null;
    video.srcObject = null;
  }

  function showStatus(text: string, code?: string): void {
    status.textContent = text;
    if (code) status.dataset.code = code;
    else delete status.dataset.code;
  }

  function unavailable(name: string): void {
    panel.dataset.state = "unavailable";
    panel.dataset.cameraError = name;
    showStatus(cameraUnavailableMessage(name));
    pictureButton.classList.replace("button-quiet", "button-primary");
    focusElement(pictureButton);
  }

  async function start(): Promise<void> {
    if (!deps.media || typeof deps.media.getUserMedia !== "function") {
      unavailable("unsupported");
      return;
    }
    let opened: MediaStream;
    try {
      opened = await deps.media.getUserMedia(CONSTRAINTS);
    } catch (e) {
      if (!closed) unavailable(errorName(e));
      return;
    }
    if (closed) {
      for (const track of opened.getTracks()) track.stop();
      return;
    }
    stream = opened;
    video.srcObject = opened;
    try {
      void video.play()?.catch(() => undefined);
    } catch {
      // autoplay is set as well
    }
    panel.dataset.state = "scanning";
    showStatus(AIM);
    timer = setTimeout(tick, intervalMs);
  }

  /** Sends one frame, and plans the next once its answer is in. */
  async function tick(): Promise<void> {
    timer = null;
    const frame = grab(video);
    if (frame) {
      const result = await deps.decode(frame);
      if (closed) return;
      if (result.status === "ok") {
        close();
        deps.onCode(result.data);
        return;
      }
      if (result.error.code === "no_code_found") showStatus(AIM);
      else showStatus(result.error.message, result.error.code);
    }
    if (!closed) timer = setTimeout(tick, intervalMs);
  }

  keepKeyboardInside(panel, close);
  closeButton.addEventListener("click", close);
  pictureButton.addEventListener("click", () => {
    close();
    deps.pickPicture();
  });
  element.addEventListener("click", (ev) => {
    if (ev.target === element) close();
  });

  deps.host.appendChild(element);
  focusElement(closeButton);
  void start();
  return { close };
}
