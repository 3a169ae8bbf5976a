import { defineConfig } from "vite";

// Built into ../static, served by `conflictwatch serve`; no CDN, everything bundled.
export default defineConfig({
  base: "./",
  build: {
    outDir: "../static",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1000,
  },
});
