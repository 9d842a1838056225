import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

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
 * from there). Other methods have no route here: the API's JSON 404. Without a build, nothing is
 * served and /app/ answers the JSON 404 too. The app's files go out compressed (gzip or deflate,
 * as the browser accepts): on a slow phone network the entry script is a third of its size. The
 * compression lives in this plugin's own context, so only /app/ is compressed and the API's hot
 * paths pay nothing for it.
 */
export function webAppPlugin(dir = webDistDir()) {
  const root = resolve(dir);
  const index = join(root, 'index.html');
  return async (scope: FastifyInstance): Promise<void> => {
    await scope.register(fastifyCompress, { global: true, encodings: ['gzip', 'deflate'] });
    await scope.register(fastifyStatic, { root, serve: false, decorateReply: true });

    const sendFile = (reply: FastifyReply, file: string, cacheControl: string) => {
      void reply.header('Cache-Control', cacheControl);
      return reply.sendFile(relative(root, file), root, { cacheControl: false, dotfiles: 'deny' });
    };

    // `/app` and `/app/` (the router ignores a trailing slash)
    scope.get(WEB_BASE, (req, reply) => {
      const query = req.url.indexOf('?');
      const path = query >= 0 ? req.url.slice(0, query) : req.url;
      if (path === WEB_BASE) {
        return reply.redirect(`${WEB_BASE}/${query >= 0 ? req.url.slice(query) : ''}`, 301);
      }
      if (!existsSync(index)) return reply.callNotFound();
      return sendFile(reply, index, 'no-cache');
    });

    scope.get(`${WEB_BASE}/*`, async (req: FastifyRequest<{ Params: { '*': string } }>, reply) => {
      const rel = req.params['*'];
      const file = await regularFile(root, rel);
      if (file) return sendFile(reply, file, isAsset(root, file) ? IMMUTABLE : 'no-cache');
      if (rel.startsWith('assets/') || !existsSync(index)) return reply.callNotFound();
      return sendFile(reply, index, 'no-cache');
    });
  };
}

/** The file `rel` names under `root`, if it is a regular file there and no segment is hidden. */
async function regularFile(root: string, rel: string): Promise<string | undefined> {
  if (!rel || rel.includes('\0')) return undefined;
  const file = resolve(root, rel);
  if (!file.startsWith(root + sep)) return undefined;
  if (
    relative(root, file)
      .split(sep)
      .some((segment) => segment.startsWith('.'))
  )
    return undefined;
  try {
    return (await stat(file)).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

function isAsset(root: string, path: string): boolean {
  return path.startsWith(join(root, 'assets') + sep);
}
