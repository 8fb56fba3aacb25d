import type { CustomerDetailsView, CustomerEdit, Problem } from "../bindings";
import { focusElement, h } from "../dom";
import { clockText } from "../format";
import type { Result } from "../ipc";

export type DetailsActions = {
  editCustomer(customerId: string, edit: CustomerEdit): Promise<Result<CustomerDetailsView, Problem>>;
  addNote(customerId: string, text: string): Promise<Result<CustomerDetailsView, Problem>>;
};

/**
 * One entry per line, "name: value" (or "name = value"); a value may hold
 * commas ("colours: Sand, Grey Marl"). Null when a line has no name or value.
 */
export function parsePairs(text: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const line of text.split("\n").map((l) => l.trim()).filter((l) => l !== "")) {
    const m = /^([^:=]+)[:=](.+)$/.exec(line);
    const name = m?.[1]?.trim() ?? "";
    const value = m?.[2]?.trim() ?? "";
    if (!name || !value) return null;
    out[name] = value;
  }
  return out;
}

/** The entries as the form edits them, one "name: value" a line. */
export function pairsLines(map: Record<string, string>): string {
  return Object.entries(map)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
}

/** The entries on one line, for reading: "top: M; shoe: 42". */
export function pairsText(map: Record<string, string>): string {
  return Object.entries(map)
    .map(([k, v]) => `${k}: ${v}`)
    .join("; ");
}

/** Only what differs from `now`: an edit sends the fields the person changed. */
export function changedFields(now: CustomerDetailsView, form: Required<CustomerEdit>): CustomerEdit {
  const edit: CustomerEdit = {};
  const same = (a: Record<string, string>, b: Record<string, string>) => pairsText(a) === pairsText(b);
  if ((form.email ?? "") !== (now.email ?? "")) edit.email = form.email;
  if ((form.phone ?? "") !== (now.phone ?? "")) edit.phone = form.phone;
  if (form.consent_email !== now.consent_email) edit.consent_email = form.consent_email;
  if (form.consent_sms !== now.consent_sms) edit.consent_sms = form.consent_sms;
  if (form.sizes && !same(form.sizes, now.sizes)) edit.sizes = form.sizes;
  if (form.preferences && !same(form.preferences, now.preferences)) edit.preferences = form.preferences;
  return edit;
}

/**
 * Contact, consents, sizes and preferences with an Edit form, and the notes
 * with a field to add one. Saved offline at once; what waits for the hub is
 * marked "waiting to sync".
 */
export function createDetails(initial: CustomerDetailsView, since: string, actions: DetailsActions): HTMLElement {
  let now = initial;
  const facts = h("dl", { id: "profile-facts", class: "facts" });
  const problem = h("p", { id: "details-problem", class: "message", role: "alert" });
  const editButton = h("button", { id: "edit-details", type: "button", class: "button button-secondary" }, "Edit details");
  const form = detailsForm();
  const notes = h("ol", { id: "profile-notes", class: "note-list" });
  const noteText = h("textarea", { id: "note-text", class: "input", rows: 2, maxlength: 2000, "aria-label": "New note" });
  const addNote = h("button", { id: "add-note", type: "button", class: "button button-secondary" }, "Add note");

  function render(): void {
    const pending = new Set(now.pending_fields);
    const mark = (field: string, text: string) => (pending.has(field) ? `${text} (waiting to sync)` : text);
    const yesNo = (v: boolean) => (v ? "Yes" : "No");
    const rows: [string, string, string][] = [
      ["since", "Customer since", since],
      ["email", "Email", mark("email", now.email ?? "None given")],
      ["phone", "Phone", mark("phone", now.phone ?? "None given")],
      ["consent_email", "Email offers", mark("consent_email", yesNo(now.consent_email))],
      ["consent_sms", "SMS offers", mark("consent_sms", yesNo(now.consent_sms))],
      ["sizes", "Sizes", mark("sizes", pairsText(now.sizes) || "None noted")],
      ["preferences", "Preferences", mark("preferences", pairsText(now.preferences) || "None noted")],
    ];
    facts.replaceChildren(
      ...rows.flatMap(([field, label, value]) => [
        h("dt", {}, label),
        h("dd", { "data-field": field, class: pending.has(field) ? "is-pending" : null }, value),
      ]),
    );
    notes.replaceChildren(
      ...now.notes.map((n) =>
        h(
          "li",
          { class: n.pending ? "note is-pending" : "note", "data-note-id": n.id },
          h("span", { class: "note-text" }, n.text),
          h("span", { class: "note-meta" }, `${n.author} · ${clockText(n.written_at)}${n.pending ? " · waiting to sync" : ""}`),
        ),
      ),
    );
  }

  function show(result: Result<CustomerDetailsView, Problem>): boolean {
    if (result.status === "error") {
      problem.textContent = result.error.message;
      problem.dataset.code = result.error.code;
      return false;
    }
    problem.textContent = "";
    delete problem.dataset.code;
    now = result.data;
    render();
    return true;
  }

  editButton.addEventListener("click", () => {
    form.fill(now);
    form.element.hidden = false;
    editButton.hidden = true;
    focusElement(form.first);
  });
  form.onCancel(() => {
    form.element.hidden = true;
    editButton.hidden = false;
    problem.textContent = "";
    focusElement(editButton);
  });
  form.onSave(async (values) => {
    if (values === null) {
      problem.textContent = "Write sizes and preferences one per line as name: value (e.g. shoe: 42).";
      return;
    }
    const edit = changedFields(now, values);
    if (Object.keys(edit).length === 0) {
      form.element.hidden = true;
      editButton.hidden = false;
      return;
    }
    if (show(await actions.editCustomer(now.customer_id, edit))) {
      form.element.hidden = true;
      editButton.hidden = false;
      focusElement(editButton);
    }
  });
  addNote.addEventListener("click", async () => {
    const text = noteText.value.trim();
    if (!text) {
      problem.textContent = "Write the note first.";
      focusElement(noteText);
      return;
    }
    addNote.disabled = true;
    const ok = show(await actions.addNote(now.customer_id, text));
    addNote.disabled = false;
    if (ok) noteText.value = "";
  });

  render();
  return h(
    "section",
    { id: "profile-details", "aria-label": "Details and notes" },
    facts,
    editButton,
    form.element,
    problem,
    h("h3", { class: "profile-heading" }, "Notes"),
    notes,
    h("div", { class: "note-add" }, noteText, addNote),
  );
}

type FormValues = Required<CustomerEdit> | null;

function detailsForm() {
  const field = (id: string, label: string, attrs: Record<string, string> = {}) => {
    const input = h("input", { id, class: "input", autocomplete: "off", ...attrs });
    return { input, row: h("label", { class: "form-row", for: id }, h("span", {}, label), input) };
  };
  const email = field("edit-email", "Email", { type: "email" });
  const phone = field("edit-phone", "Phone (with country code)", { inputmode: "tel" });
  const area = (id: string, label: string) => {
    const input = h("textarea", { id, class: "input", rows: 3, "aria-label": label });
    return { input, row: h("label", { class: "form-row", for: id }, h("span", {}, label), input) };
  };
  const sizes = area("edit-sizes", "Sizes, one per line (shoe: 42)");
  const preferences = area("edit-preferences", "Preferences, one per line (colours: navy, grey)");
  const consentEmail = h("input", { id: "edit-consent-email", type: "checkbox" });
  const consentSms = h("input", { id: "edit-consent-sms", type: "checkbox" });
  const save = h("button", { id: "save-details", type: "button", class: "button button-primary" }, "Save");
  const cancel = h("button", { id: "cancel-details", type: "button", class: "button button-quiet" }, "Cancel");
  const element = h(
    "div",
    { id: "details-form", class: "details-form", hidden: true },
    email.row,
    phone.row,
    h("label", { class: "form-check", for: "edit-consent-email" }, consentEmail, " Email offers"),
    h("label", { class: "form-check", for: "edit-consent-sms" }, consentSms, " SMS offers"),
    sizes.row,
    preferences.row,
    h("div", { class: "form-actions" }, save, cancel),
  );
  let saveHandler: (v: FormValues) => void = () => undefined;
  let cancelHandler: () => void = () => undefined;
  const values = (): FormValues => {
    const s = parsePairs(sizes.input.value);
    const p = parsePairs(preferences.input.value);
    if (s === null || p === null) return null;
    return {
      email: email.input.value.trim(),
      phone: phone.input.value.trim(),
      consent_email: consentEmail.checked,
      consent_sms: consentSms.checked,
      sizes: s,
      preferences: p,
    };
  };
  save.addEventListener("click", () => saveHandler(values()));
  cancel.addEventListener("click", () => cancelHandler());
  element.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") {
      ev.preventDefault();
      ev.stopPropagation();
      cancelHandler();
    } else if (ev.key === "Enter" && ev.target instanceof HTMLInputElement && ev.target.type !== "checkbox") {
      ev.preventDefault();
      saveHandler(values());
    }
  });
  return {
    element,
    first: email.input,
    fill(v: CustomerDetailsView) {
      email.input.value = v.email ?? "";
      phone.input.value = v.phone ?? "";
      consentEmail.checked = v.consent_email;
      consentSms.checked = v.consent_sms;
      sizes.input.value = pairsLines(v.sizes);
      preferences.input.value = pairsLines(v.preferences);
    },
    onSave(f: (v: FormValues) => void) {
      saveHandler = f;
    },
    onCancel(f: () => void) {
      cancelHandler = f;
    },
  };
}
