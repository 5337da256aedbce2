import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

// `npm run dev` serves the console with hot reload; its control calls go to
// a rolling-backend on the default control port, as they would if the
// backend served the console itself.
const control = process.env.CONTROL_URL ?? 'http://127.0.0.1:8081'

export default defineConfig({
  plugins: [vue()],
  optimizeDeps: {
    // The package finds its wasm with new URL('./wasm/...', import.meta.url).
    // Pre-bundling would move its JavaScript away from the wasm file.
    exclude: ['vue-backend-health'],
  },
  build: {
    // Nothing becomes a data: URL: the engine's wasm must stay a file that
    // a strict connect-src ('self') lets the page fetch.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/control': control },
  },
})
