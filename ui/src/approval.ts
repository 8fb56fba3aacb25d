import { commands, type ApprovalInput, type Problem, type StaffView } from "./bindings";
import { focusElement, h, openDialog } from "./dom";
import { call, type Result } from "./ipc";

/**
 * Runs `action`; when Rust answers that it needs a manager's approval, asks
 * for a manager and their PIN in a dialog and runs it again with them. A
 * refused approval (wrong PIN, self-approval) is shown in the dialog, which
 * stays open; Cancel gives back the first answer, so nothing changed.
 */
export async function withApproval<T>(
  action: (approval: ApprovalInput | null) => Promise<Result<T, Problem>>,
  host: HTMLElement = document.body,
): Promise<Result<T, Problem>> {
  const first = await call(() => action(null));
  if (first.status === "ok" || first.error.code !== "approval_required") return first;
  const [staff, me] = await Promise.all([call(() => commands.staffList()), call(() => commands.signedIn())]);
  const managers =
    staff.status === "ok"
      ? staff.data.filter((s) => s.role === "manager" && !(me.status === "ok" && me.data?.id === s.id))
      : [];
  return new Promise((resolve) => askManager(host, first.error, managers, action, resolve, first));
}

function askManager<T>(
  host: HTMLElement,
  asked: Problem,
  managers: StaffView[],
  action: (approval: ApprovalInput | null) => Promise<Result<T, Problem>>,
  resolve: (r: Result<T, Problem>) => void,
  first: Result<T, Problem>,
): void {
  let settled: Result<T, Problem> = first;
  const select = h(
    "select",
    { id: "approval-manager", class: "input", "aria-label": "Manager" },
    ...managers.map((m) => h("option", { value: m.id }, m.name)),
  );
  const pin = h("input", {
    id: "approval-pin",
    class: "input",
    type: "password",
    inputmode: "numeric",
    autocomplete: "off",
    maxlength: "8",
    "aria-label": "Manager's PIN",
  });
  const problem = h("p", { id: "approval-problem", class: "approval-problem", role: "alert", hidden: true });
  const confirm = h("button", { id: "approval-confirm", class: "button button-primary", type: "submit" }, "Approve");
  const cancel = h("button", { id: "approval-cancel", class: "button", type: "button" }, "Cancel");
  const form = h(
    "form",
    { id: "approval", class: "panel approval", role: "dialog", "aria-modal": "true", "aria-labelledby": "approval-title" },
    h("h2", { id: "approval-title" }, "Manager's approval"),
    h("p", { id: "approval-reason" }, asked.message),
    h("label", { class: "field" }, "Manager", select),
    h("label", { class: "field" }, "PIN", pin),
    problem,
    h("div", { class: "actions" }, cancel, confirm),
  );
  if (managers.length === 0) {
    problem.textContent = "No other manager can approve at this store.";
    problem.hidden = false;
    confirm.disabled = true;
  }
  const dialog = openDialog(host, "approval-overlay", form, cancel, () => resolve(settled));
  focusElement(managers.length > 0 ? pin : cancel);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const approval = { manager_id: select.value, pin: pin.value };
    confirm.disabled = true;
    void call(() => action(approval)).then((result) => {
      confirm.disabled = false;
      pin.value = "";
      if (result.status === "ok") {
        settled = result;
        dialog.close();
        return;
      }
      problem.textContent = result.error.message;
      problem.hidden = false;
      focusElement(pin);
    });
  });
}
