/**
 * The floor for bench/answer-save: a bare node:http server (no framework, no authentication,
 * no validation, no logging) that runs the API's save statement with node-postgres, one
 * connection pool as the API has, as a named prepared statement as the API does. Whatever the API costs above this is the framework's and
 * ours; what this costs above pgbench is Node's HTTP and driver work on this machine.
 * Started by bench/answer-save with FLOOR_PORT, DATABASE_URL, GRACE_SECONDS.
 */
import { createServer } from 'node:http';
import { Pool } from 'pg';
import { SAVE_ANSWER_SQL } from '../src/modules/exams/attempt.repository';

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: 20,
  idleTimeoutMillis: 1000,
});
const grace = Number(process.env.GRACE_SECONDS ?? 10);
const route = /^\/exam-attempts\/([0-9a-f-]{36})\/answers\/(\d+)$/;

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const m = route.exec(req.url ?? '');
    const body = JSON.parse(Buffer.concat(chunks).toString()) as {
      seq: number;
      response: string[];
    };
    pool
      .query<{ seq: string; saved_at: Date }>({
        name: 'save_answer',
        text: SAVE_ANSWER_SQL,
        values: [
          m?.[1],
          req.headers['x-staff-id'],
          Number(m?.[2]),
          JSON.stringify(body.response),
          body.seq,
          new Date(),
          grace,
        ],
      })
      .then(
        (r) => {
          const row = r.rows[0];
          res.setHeader('content-type', 'application/json');
          res.end(
            JSON.stringify(
              row
                ? { applied: true, seq: Number(row.seq), savedAt: row.saved_at.toISOString() }
                : { applied: false },
            ),
          );
        },
        (err: unknown) => {
          res.statusCode = 500;
          res.end(String(err));
        },
      );
  });
}).listen(Number(process.env.FLOOR_PORT), '127.0.0.1', () => {
  process.stdout.write('is listening on\n');
});
