// The HTTP server: Express with compression and static files in front of the Remix build, and a gate that
// refuses cross-site mutations and oversized bodies before Remix reads them (entry.server.tsx
// `screenRequest`). Plain JavaScript so `npm start` needs no TypeScript at run time.
import compression from 'compression';
import express from 'express';
import morgan from 'morgan';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

process.env.NODE_ENV = process.env.NODE_ENV ?? 'production';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { createRequestHandler } = await import('@remix-run/express');
const { installGlobals } = await import('@remix-run/node');
installGlobals({ nativeFetch: true });
// Importing the build opens the database: created, migrated and seeded on first start.
const build = await import(pathToFileURL(path.join(root, 'build', 'index.js')).href);
const gate = build.entry.module;

const app = express();
app.disable('x-powered-by');
// Behind a reverse proxy every request comes from the proxy: TRUST_PROXY=1 takes the client's address from the
// X-Forwarded-For it adds. One hop only: entries further left are whatever the client itself sent.
if (process.env.TRUST_PROXY === '1') app.set('trust proxy', 1);
app.use(compression());
app.use(build.publicPath, express.static(path.join(root, build.assetsBuildDirectory), { immutable: true, maxAge: '1y' }));
app.use(express.static(path.join(root, 'public'), { maxAge: '1h' }));
// An invitation link is a password for 7 days: the access log shows its path without the token.
morgan.token('url', (req) => req.originalUrl.replace(/^\/invite\/[^/?#]+/, '/invite/…'));
if (process.env.NODE_ENV !== 'test') app.use(morgan('tiny'));
app.use((req, res, next) => {
  const head = { method: req.method, url: `${req.protocol}://${req.get('host')}${req.originalUrl}`, headers: new Headers(headersOf(req)) };
  const refusal = gate.screenRequest(head);
  if (!refusal) return next();
  res.status(refusal.status).set(refusal.headers).set('Connection', 'close').send(refusal.body);
});
// The sign-in limits per address read `clientIp` from the load context (services/login-limits).
app.all('*', createRequestHandler({ build, mode: process.env.NODE_ENV, getLoadContext: (req) => ({ clientIp: req.ip ?? 'unknown' }) }));

const port = Number(process.env.PORT ?? 3000);
const server = process.env.HOST ? app.listen(port, process.env.HOST, ready) : app.listen(port, ready);

function ready() {
  const { port: actual } = server.address();
  console.log(`Letter Workbench listening on http://localhost:${actual} (database: ${process.env.DATABASE_PATH || 'data/workbench.sqlite'})`);
}

function headersOf(req) {
  const out = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) out.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
  return out;
}

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    server.close(() => {
      gate.shutdown();
      process.exit(0);
    });
    // Keep-alive connections would hold the close open; give them a moment, then go.
    setTimeout(() => { gate.shutdown(); process.exit(0); }, 3000).unref();
  });
}
