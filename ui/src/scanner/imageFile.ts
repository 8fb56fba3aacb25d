import type { Problem } from "../bindings";
import { h } from "../dom";
import type { Result } from "../ipc";

/**
 * "Scan a picture": a file input (`#scan-image-file`, image files only) that
 * reads the picked picture's bytes, has Rust find the QR code in it, and
 * hands its text on. The input is visually hidden; a button opens it, so it
 * is reached with Tab like any other control.
 */

export type PicturePickerDeps = {
  decode(bytes: Uint8Array): Promise<Result<string, Problem>>;
  onCode(text: string): void;
  onProblem(problem: Problem): void;
};

export type PicturePicker = {
  /** The button and its hidden input. */
  element: HTMLElement;
  input: HTMLInputElement;
  /** Open the system's file picker (from a click or key press). */
  open(): void;
};

/** Files above this are refused unread; the same limit as Rust's `DecodeLimits::default().max_file_bytes`. */
export const MAX_PICTURE_BYTES = 16 * 1024 * 1024;

export function createPicturePicker(deps: PicturePickerDeps): PicturePicker {
  const input = h("input", {
    id: "scan-image-file",
    class: "visually-hidden",
    type: "file",
    accept: "image/png,image/jpeg,image/*",
    tabindex: -1,
    "aria-label": "Picture of a QR code",
  });
  const button = h(
    "button",
    { id: "scan-picture", class: "button button-quiet scan-tool", type: "button", "aria-controls": "scan-image-file" },
    "Scan a picture",
  );
  const element = h("span", { class: "scan-picture" }, button, input);

  async function read(file: File): Promise<void> {
    if (file.size > MAX_PICTURE_BYTES) {
      deps.onProblem({
        code: "unreadable_image",
        message: `That picture is ${(file.size / 1048576).toFixed(1)} MB, more than the 16 MB this device reads. Use a smaller picture or crop it to the code.`,
      });
      return;
    }
    button.setAttribute("aria-busy", "true");
    try {
      const result = await deps.decode(new Uint8Array(await file.arrayBuffer()));
      if (result.status === "ok") deps.onCode(result.data);
      else deps.onProblem(result.error);
    } catch {
      deps.onProblem({ code: "unreadable_image", message: "That file could not be opened. Pick the picture again." });
    } finally {
      button.removeAttribute("aria-busy");
    }
  }

  input.addEventListener("change", () => {
    const file = input.files?.[0];
    // Cleared, so that picking the same file again is a new pick.
    input.value = "";
    if (file) void read(file);
  });
  button.addEventListener("click", () => input.click());

  return { element, input, open: () => input.click() };
}
