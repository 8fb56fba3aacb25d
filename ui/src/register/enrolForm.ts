import type { EnrolledView, NewCustomerInput, Problem } from "../bindings";
import { focusElement, h } from "../dom";
import type { Result } from "../ipc";

export type EnrolFormDeps = {
  enrol(input: NewCustomerInput): Promise<Result<EnrolledView, Problem>>;
  /** The customer is enrolled: open them, with their card's QR. */
  enrolled(view: EnrolledView): void;
  /** The form closed without enrolling anybody. */
  cancelled(): void;
};

/**
 * "New customer": name, email, phone and consents; Enter saves, Escape
 * cancels. Works offline: the customer exists on this device at once.
 */
export function createEnrolForm(deps: EnrolFormDeps): { element: HTMLElement; open(): void; isOpen(): boolean } {
  const input = (id: string, label: string, attrs: Record<string, string> = {}) => {
    const el = h("input", { id, class: "input", autocomplete: "off", ...attrs });
    return { el, row: h("label", { class: "form-row", for: id }, h("span", {}, label), el) };
  };
  const first = input("enrol-first", "First name");
  const last = input("enrol-last", "Last name");
  const email = input("enrol-email", "Email (optional)", { type: "email" });
  const phone = input("enrol-phone", "Phone with country code (optional)", { inputmode: "tel" });
  const consentEmail = h("input", { id: "enrol-consent-email", type: "checkbox" });
  const consentSms = h("input", { id: "enrol-consent-sms", type: "checkbox" });
  const save = h("button", { id: "enrol-save", type: "button", class: "button button-primary" }, "Enrol and show the card");
  const cancel = h("button", { id: "enrol-cancel", type: "button", class: "button button-quiet" }, "Cancel");
  const problem = h("p", { id: "enrol-problem", class: "message", role: "alert" });
  const element = h(
    "section",
    { id: "enrol-form", class: "panel details-form", "aria-label": "New customer", hidden: true },
    h("h2", { class: "panel-title" }, "New customer"),
    first.row,
    last.row,
    email.row,
    phone.row,
    h("label", { class: "form-check", for: "enrol-consent-email" }, consentEmail, " Email offers"),
    h("label", { class: "form-check", for: "enrol-consent-sms" }, consentSms, " SMS offers"),
    problem,
    h("div", { class: "form-actions" }, save, cancel),
  );

  function reset(): void {
    for (const f of [first, last, email, phone]) f.el.value = "";
    consentEmail.checked = consentSms.checked = false;
    problem.textContent = "";
    delete problem.dataset.code;
  }

  function close(): void {
    element.hidden = true;
    reset();
  }

  async function submit(): Promise<void> {
    save.disabled = true;
    const result = await deps.enrol({
      first_name: first.el.value,
      last_name: last.el.value,
      email: email.el.value,
      phone: phone.el.value,
      consent_email: consentEmail.checked,
      consent_sms: consentSms.checked,
    });
    save.disabled = false;
    if (result.status === "error") {
      problem.textContent = result.error.message;
      problem.dataset.code = result.error.code;
      return;
    }
    close();
    deps.enrolled(result.data);
  }

  save.addEventListener("click", () => void submit());
  cancel.addEventListener("click", () => {
    close();
    deps.cancelled();
  });
  element.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") {
      ev.preventDefault();
      ev.stopPropagation();
      close();
      deps.cancelled();
    } else if (ev.key === "Enter" && ev.target instanceof HTMLInputElement && ev.target.type !== "checkbox") {
      ev.preventDefault();
      void submit();
    }
  });

  return {
    element,
    open() {
      reset();
      element.hidden = false;
      focusElement(first.el);
    },
    isOpen: () => !element.hidden,
  };
}
