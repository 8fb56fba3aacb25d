import type { Problem } from "../bindings";
import { h } from "../dom";
import { openCamera, type CameraPanel } from "../scanner/camera";
import { decodeCameraFrame, decodePicture } from "../scanner/decodeIpc";
import { createPicturePicker } from "../scanner/imageFile";
import type { ScanSource } from "./scan";

export type ScanToolsDeps = {
  /** Send a code read from the camera or a picture through the scan box. */
  sendScan(code: string, source: ScanSource): void;
  /** A picture could not be read: say why in the register's message area. */
  showProblem(problem: Problem): void;
  /** The camera panel closed (before a code read is sent): focus goes back to the scan box. */
  onCameraClosed(): void;
  /** Where the camera panel goes; by default the page's body. */
  host?: HTMLElement;
  /** `navigator.mediaDevices` by default. */
  media?: Pick<MediaDevices, "getUserMedia"> | undefined;
};

export type ScanTools = {
  element: HTMLElement;
  isCameraOpen(): boolean;
  destroy(): void;
};

/** The row under the scan box: "Camera" (tablets) and "Scan a picture". */
export function createScanTools(deps: ScanToolsDeps): ScanTools {
  let camera: CameraPanel | null = null;
  const picture = createPicturePicker({
    decode: decodePicture,
    onCode: (text) => deps.sendScan(text, "image-file"),
    onProblem: deps.showProblem,
  });
  const cameraButton = h("button", { id: "scan-camera", class: "button button-quiet scan-tool", type: "button" }, "Camera");

  cameraButton.addEventListener("click", () => {
    if (camera) return;
    camera = openCamera({
      host: deps.host ?? document.body,
      media: "media" in deps ? deps.media : navigator.mediaDevices,
      decode: decodeCameraFrame,
      onCode: (text) => deps.sendScan(text, "camera"),
      pickPicture: () => picture.open(),
      onClose() {
        camera = null;
        deps.onCameraClosed();
      },
    });
  });

  return {
    element: h("div", { class: "scan-tools" }, cameraButton, picture.element),
    isCameraOpen: () => camera !== null,
    destroy: () => camera?.close(),
  };
}
