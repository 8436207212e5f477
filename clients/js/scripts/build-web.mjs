// Lays out the chat page for serving: node scripts/build-web.mjs <dir> (after npm run build). The page loads the
// client as ES modules through an import map, so nothing is bundled: the tsc output, socket.io-client's own ESM
// build, the page's HTML and CSS.
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'web-dist/site'));
rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(out, 'parley-client'), { recursive: true });
mkdirSync(path.join(out, 'vendor'), { recursive: true });
for (const file of ['index.html', 'style.css']) {
  cpSync(path.join(root, 'web', file), path.join(out, file));
}
cpSync(path.join(root, 'web-dist/app.js'), path.join(out, 'app.js'));
for (const file of readdirSync(path.join(root, 'dist')).filter((name) => name.endsWith('.js'))) {
  cpSync(path.join(root, 'dist', file), path.join(out, 'parley-client', file));
}
cpSync(path.join(root, 'node_modules/socket.io-client/dist/socket.io.esm.min.js'),
  path.join(out, 'vendor/socket.io.esm.min.js'));
console.log(`chat page laid out in ${out}`);
