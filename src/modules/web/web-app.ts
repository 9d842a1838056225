import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';

/** Where the browser app (web/) lives in URLs; API routes never start with it. */
export const WEB_BASE = '/app';

/** The built browser app: `npm run build` writes it, relative to the working directory. */
export function webDistDir(): string {
  return join(process.cwd(), 'web', 'dist');
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built SPA under /app/: hashed files under /app/assets/ are cached for a year
 * (a missing one is the API's JSON 404, so a stale page can notice and reload), every other
 * GET/HEAD path without a file gets index.html with `no-cache` (the client-side router takes it
 * from there). Other methods fall through to the API's JSON 404. Without a build, nothing is
 * served and /app/ answers the JSON 404 too. The app's files go out compressed (gzip or deflate,
 * as the browser accepts): on a slow phone network the entry script is a third of its size. Only
 * /app/ is compressed, so the API's hot paths pay nothing for it.
 */
export function serveWebApp(app: NestExpressApplication, dir = webDistDir()): void {
  const index = join(dir, 'index.html');
  const files = express.static(dir, {
    index: false,
    redirect: false,
    setHeaders: (res, path) =>
      res.setHeader('Cache-Control', isAsset(dir, path) ? IMMUTABLE : 'no-cache'),
  });
  app.use(WEB_BASE, compression());
  app.use(WEB_BASE, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.originalUrl === WEB_BASE || req.originalUrl.startsWith(`${WEB_BASE}?`)) {
      return res.redirect(301, `${WEB_BASE}/${req.originalUrl.slice(WEB_BASE.length)}`);
    }
    files(req, res, () => {
      if (req.path.startsWith('/assets/') || !existsSync(index)) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index, (err) => {
        if (err && !res.headersSent) next();
      });
    });
  });
}

function isAsset(dir: string, path: string): boolean {
  return path.startsWith(join(dir, 'assets'));
}
