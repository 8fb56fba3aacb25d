import { defineConfig } from "vitest/config";

// The window is WebKitGTK (Tauri 2 on Linux); the UI is embedded from ui/dist,
// so paths are relative and there is no dev server in production.
export default defineConfig({
  base: "./",
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    sourcemap: false,
  },
  test: {
    environment: "jsdom",
    include: ["tests/**/*.test.ts", "src/**/*.test.ts"],
    restoreMocks: true,
    // styles.css is read as text by tests/styles.test.ts (`?raw`).
    css: { include: [/styles\.css/] },
  },
});
