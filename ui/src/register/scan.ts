import { focusElement, h } from "../dom";

/**
 * How a code reached the box: typed (or scanned) into it, caught by the
 * keyboard wedge elsewhere, read by the camera, or read from a picked picture.
 */
export type ScanSource = "scan-box" | "wedge" | "camera" | "image-file";

export type ScanBox = {
  element: HTMLElement;
  input: HTMLInputElement;
  focus(select?: boolean): void;
  /**
   * Send a code read while focus was elsewhere, exactly as if it had been
   * typed into the box and Enter pressed (it replaces what the box held).
   */
  sendCode(text: string, source: ScanSource): void;
};

/**
 * The barcode box. A USB scanner types the digits then Enter; when focus was
 * elsewhere, `scanner/keyboardWedge.ts` catches the scan and hands it to `sendCode`.
 *
 * `submit` resolves true when the scan was accepted (the box is then cleared)
 * and false when it was refused (the text stays, selected, to be retyped).
 * While a scan runs, Enter on the same text is ignored; if a scanner already
 * typed the next code (it replaces the selected text), that code is sent as
 * soon as the running one finishes.
 *
 * The box says where the last code came from in `data-last-scan-source`
 * (a `ScanSource`) and counts wedge scans in `data-wedge-scans`.
 */
export function createScanBox(submit: (text: string) => Promise<boolean>): ScanBox {
  const input = h("input", {
    id: "scan-input",
    class: "scan-input",
    type: "text",
    inputmode: "numeric",
    autocomplete: "off",
    autocapitalize: "off",
    spellcheck: "false",
    enterkeyhint: "send",
    autofocus: true,
    "aria-describedby": "scan-hint",
  });
  const element = h(
    "div",
    { class: "field scan-field" },
    h(
      "div",
      { class: "field-label-row" },
      h("label", { for: "scan-input", class: "field-label" }, "Scan or type a barcode"),
      h("span", { id: "scan-hint", class: "shortcut" }, "F2"),
    ),
    input,
  );

  let inFlight: string | null = null;
  let pending = false;
  let wedgeScans = 0;

  function receive(source: ScanSource): void {
    if (!input.value.trim()) return;
    input.dataset.lastScanSource = source;
    if (source === "wedge") input.dataset.wedgeScans = String(++wedgeScans);
    void send();
  }

  async function send(): Promise<void> {
    const text = input.value.trim();
    if (!text) return;
    if (inFlight !== null) {
      if (text !== inFlight) pending = true;
      return;
    }
    inFlight = text;
    pending = false;
    // Selected text is replaced by whatever is typed next (e.g. the next scan).
    input.select();
    input.setAttribute("aria-busy", "true");
    let accepted = false;
    try {
      accepted = await submit(text);
    } catch {
      accepted = false;
    } finally {
      inFlight = null;
      input.removeAttribute("aria-busy");
    }
    const unchanged = input.value.trim() === text;
    if (accepted && unchanged) input.value = "";
    if (!accepted && unchanged) focusElement(input, true);
    if (pending) {
      pending = false;
      if (input.value.trim() && !unchanged) void send();
    }
  }

  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      ev.preventDefault();
      if (ev.repeat) return;
      receive("scan-box");
    } else if (ev.key === "Escape" && input.value) {
      ev.preventDefault();
      input.value = "";
    }
  });

  return {
    element,
    input,
    focus(select = false) {
      focusElement(input, select);
    },
    sendCode(text, source) {
      input.value = text;
      receive(source);
    },
  };
}
