// Builds dist/ from src/ with esbuild: one minified script per page (each
// imports only the ECharts charts and components it draws, through
// echarts/core) and one stylesheet. The output is deterministic for the same
// sources and lock file, and dist/manifest.json records the hash of those
// sources, so a Go test can tell when the committed bundle is stale.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, relative } from 'node:path';

const root = new URL('.', import.meta.url).pathname;
const pages = ['home', 'dashboard', 'evidence', 'sql', 'compare', 'upload'];

function walk(dir) {
  return readdirSync(join(root, dir)).flatMap((n) => {
    const p = join(dir, n);
    return statSync(join(root, p)).isDirectory() ? walk(p) : [p];
  });
}

// sourceHash must match web.SourceHash in web.go.
function sourceHash() {
  const files = ['build.mjs', 'package.json', 'package-lock.json', ...walk('src')].sort();
  const h = createHash('sha256');
  for (const f of files) {
    const b = readFileSync(join(root, f));
    h.update(`${f}\0${b.length}\0`);
    h.update(b);
  }
  return h.digest('hex');
}

const out = join(root, 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
await build({
  absWorkingDir: root,
  entryPoints: [...pages.map((p) => `src/${p}.js`), 'src/style.css'],
  outdir: 'dist',
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020', 'chrome100'],
  legalComments: 'eof',
  charset: 'utf8',
  sourcemap: false,
  logLevel: 'warning',
});

const files = {};
for (const f of readdirSync(out).sort()) {
  const b = readFileSync(join(out, f));
  files[f] = {
    bytes: b.length,
    gzip_bytes: gzipSync(b, { level: 9 }).length,
    sha256: createHash('sha256').update(b).digest('hex'),
  };
}
writeFileSync(join(out, 'manifest.json'), JSON.stringify({ source_hash: sourceHash(), files }, null, 2) + '\n');
for (const [f, s] of Object.entries(files)) {
  console.log(`${relative(root, join(out, f)).padEnd(24)} ${String(s.bytes).padStart(8)} B  gzip ${String(s.gzip_bytes).padStart(7)} B`);
}
