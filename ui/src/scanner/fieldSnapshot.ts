/**
 * The text and caret of a text field, taken before a scanner's burst typed into
 * it, so the burst's characters can be taken out again.
 */
export type FieldSnapshot = {
  field: HTMLInputElement | HTMLTextAreaElement;
  /** Put the text and the caret (or selection) back; tells the field's listeners with an `input` event. */
  restore(): void;
};

/** Input types whose text a keystroke can change. */
const TEXT_INPUT_TYPES = new Set(["text", "search", "tel", "url", "email", "password", "number"]);

export function isTextField(el: EventTarget | null): el is HTMLInputElement | HTMLTextAreaElement {
  if (el instanceof HTMLTextAreaElement) return !el.readOnly && !el.disabled;
  if (el instanceof HTMLInputElement) return TEXT_INPUT_TYPES.has(el.type) && !el.readOnly && !el.disabled;
  return false;
}

type Selection = { start: number; end: number; direction: "forward" | "backward" | "none" } | null;

function selectionOf(field: HTMLInputElement | HTMLTextAreaElement): Selection {
  try {
    // null (or a throw, in older engines) for input types without a caret, such as number.
    if (field.selectionStart === null || field.selectionEnd === null) return null;
    return { start: field.selectionStart, end: field.selectionEnd, direction: field.selectionDirection ?? "none" };
  } catch {
    return null;
  }
}

/** A snapshot of `el` when it is a text field that typing can change, else null. */
export function takeFieldSnapshot(el: EventTarget | null): FieldSnapshot | null {
  if (!isTextField(el)) return null;
  const field = el;
  const value = field.value;
  const selection = selectionOf(field);
  return {
    field,
    restore() {
      if (field.value === value) return;
      field.value = value;
      if (selection) {
        try {
          field.setSelectionRange(selection.start, selection.end, selection.direction);
        } catch {
          // The field lost its caret (its type changed): the text is what matters.
        }
      }
      field.dispatchEvent(new Event("input", { bubbles: true }));
    },
  };
}
