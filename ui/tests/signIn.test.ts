import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { startApp, type AppHandle } from "../src/app";
import { FakeBackend } from "./fakeBackend";

let backend: FakeBackend;
let app: AppHandle | null = null;
let root: HTMLElement;

function $<T extends Element = HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`missing ${selector}`);
  return found;
}

beforeEach(() => {
  backend = new FakeBackend().install();
  backend.staff = null;
  root = document.createElement("div");
  document.body.appendChild(root);
});

afterEach(() => {
  app?.destroy();
  app = null;
  root.remove();
  document.body.replaceChildren();
  clearMocks();
});

async function start(): Promise<void> {
  app = startApp(root, { statusPollMs: 0, pickupPollMs: 0, searchDebounceMs: 10, highlightMs: 50 });
  await app.ready;
}

describe("sign-in", () => {
  it("lists the store's staff as large buttons, the first one focused, the PIN off until a name is chosen", async () => {
    await start();
    const names = [...document.querySelectorAll(".staff-choice .staff-name")].map((e) => e.textContent);
    expect(names).toEqual(["Sam Keller", "Jo Brandt", "Lena Hoffmann", "Tom Weber"]);
    expect(document.activeElement).toBe(document.querySelector(".staff-choice"));
    expect($<HTMLInputElement>("#sign-in-pin").disabled).toBe(true);
    expect(document.querySelector("#register")).toBeNull();
  });

  it("a wrong PIN is said and the PIN cleared; the right one opens the register with the name in the header", async () => {
    await start();
    $<HTMLButtonElement>(".staff-choice[data-staff-id='st-cashier']").click();
    expect(document.activeElement).toBe($("#sign-in-pin"));
    $<HTMLInputElement>("#sign-in-pin").value = "0000";
    $<HTMLFormElement>("#sign-in-form").requestSubmit();
    await vi.waitFor(() => expect($("#sign-in-problem").hidden).toBe(false));
    expect($("#sign-in-problem").textContent).toContain("wrong PIN");
    expect($<HTMLInputElement>("#sign-in-pin").value).toBe("");

    $<HTMLInputElement>("#sign-in-pin").value = "1234";
    $<HTMLFormElement>("#sign-in-form").requestSubmit();
    await vi.waitFor(() => expect(document.querySelector("#staff-name")?.textContent).toBe("Jo Brandt"));
    expect($("#signed-in").dataset.role).toBe("cashier");
  });

  it("signing out goes back to the sign-in screen", async () => {
    backend.staff = { id: "st-manager", name: "Lena Hoffmann", role: "manager" };
    await start();
    $<HTMLButtonElement>("#sign-out").click();
    await vi.waitFor(() => expect(document.querySelector("#sign-in")).not.toBeNull());
    expect(backend.staff).toBeNull();
  });

  it("says so when no staff can sign in yet", async () => {
    backend.roster = [];
    await start();
    expect($("#sign-in-problem").textContent).toContain("No staff can sign in");
  });
});
