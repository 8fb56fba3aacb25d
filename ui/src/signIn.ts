import { commands, type StaffView } from "./bindings";
import { focusElement, h } from "./dom";
import { APP_NAME } from "./format";
import { call } from "./ipc";

export type SignInDeps = {
  /** Somebody signed in: open the register for them. */
  onSignedIn(staff: StaffView): void;
};

export type SignInScreen = { ready: Promise<void>; destroy(): void };

const ROLE_NAMES: Record<StaffView["role"], string> = {
  associate: "Associate",
  cashier: "Cashier",
  pickup: "Pickup counter",
  manager: "Manager",
};

export function roleName(role: StaffView["role"]): string {
  return ROLE_NAMES[role];
}

/**
 * Who is working here: tap (or Tab to) your name, type your PIN, Enter. The
 * PIN is checked in Rust, where wrong PINs count towards the lockout.
 */
export function mountSignIn(root: HTMLElement, deps: SignInDeps): SignInScreen {
  const list = h("div", { id: "sign-in-staff", class: "sign-in-staff", role: "group", "aria-label": "Staff" });
  const who = h("p", { id: "sign-in-who", class: "sign-in-who" }, "Choose your name.");
  const pin = h("input", {
    id: "sign-in-pin",
    class: "input sign-in-pin",
    type: "password",
    inputmode: "numeric",
    autocomplete: "off",
    maxlength: "8",
    "aria-label": "PIN",
    disabled: true,
  });
  const submit = h("button", { id: "sign-in-submit", class: "button button-primary", type: "submit", disabled: true }, "Sign in");
  const problem = h("p", { id: "sign-in-problem", class: "sign-in-problem", role: "alert", hidden: true });
  const form = h("form", { id: "sign-in-form", class: "sign-in-form" }, who, pin, submit, problem);
  const screen = h(
    "main",
    { id: "sign-in", class: "sign-in", "aria-labelledby": "sign-in-title" },
    h("div", { class: "app-name" }, APP_NAME),
    h("h1", { id: "sign-in-title", class: "sign-in-title" }, "Sign in"),
    list,
    form,
  );
  let chosen: StaffView | null = null;
  let busy = false;

  function showProblem(message: string): void {
    problem.textContent = message;
    problem.hidden = false;
  }

  function choose(staff: StaffView, button: HTMLElement): void {
    chosen = staff;
    for (const b of list.querySelectorAll(".staff-choice")) b.setAttribute("aria-pressed", String(b === button));
    who.textContent = `${staff.name} — ${roleName(staff.role)}. Enter your PIN.`;
    pin.disabled = false;
    submit.disabled = false;
    pin.value = "";
    problem.hidden = true;
    focusElement(pin);
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!chosen || busy) return;
    busy = true;
    const staff = chosen;
    void call(() => commands.signIn(staff.id, pin.value)).then((result) => {
      busy = false;
      pin.value = "";
      if (result.status === "ok") {
        deps.onSignedIn(result.data);
        return;
      }
      showProblem(result.error.message);
      focusElement(pin);
    });
  });

  async function load(): Promise<void> {
    const result = await call(() => commands.staffList());
    if (result.status === "error") {
      showProblem(result.error.message);
      return;
    }
    if (result.data.length === 0) {
      showProblem("No staff can sign in at this store yet. Ask IT to add staff at the hub, then let the device sync.");
      return;
    }
    for (const staff of result.data) {
      const button = h(
        "button",
        { class: "button staff-choice", type: "button", "data-staff-id": staff.id, "data-role": staff.role, "aria-pressed": "false" },
        h("span", { class: "staff-name" }, staff.name),
        h("span", { class: "staff-role" }, roleName(staff.role)),
      );
      button.addEventListener("click", () => choose(staff, button));
      list.appendChild(button);
    }
    const first = list.querySelector<HTMLElement>(".staff-choice");
    if (first) focusElement(first);
  }

  root.removeAttribute("aria-busy");
  root.replaceChildren(screen);
  return { ready: load(), destroy: () => screen.remove() };
}
