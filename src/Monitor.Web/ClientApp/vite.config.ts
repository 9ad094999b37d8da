import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Built into ../wwwroot by `dotnet build` (Monitor.Web.csproj). No inline script or style ends up
// in the output, so the Content-Security-Policy needs no 'unsafe-inline'.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../wwwroot',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    // Stable file names: MSBuild globs wwwroot when it evaluates the project, before this build
    // runs; hashed names changed under it and broke incremental builds. Browsers revalidate with
    // the ETag and Last-Modified that the static file server sends.
    rollupOptions: {
      output: {
        entryFileNames: 'assets/[name].js',
        chunkFileNames: 'assets/[name].js',
        assetFileNames: 'assets/[name][extname]',
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/hubs': { target: 'http://localhost:8080', ws: true },
    },
  },
  test: {
    environment: 'jsdom',
  },
});
