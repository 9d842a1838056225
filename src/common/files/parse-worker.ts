// Entry of the worker thread DocumentParser starts for one parse: takes the request, answers
// with the outcome. Anything unexpected is reported as an invalid file, never thrown: a throw
// here would only end this thread, but the answer is more useful.
import { parentPort } from 'node:worker_threads';
import type { ParseOutcome, ParseRequest } from './parse-jobs';
import { runParse } from './parse-jobs';

const port = parentPort;
if (port) {
  port.once('message', (request: ParseRequest) => {
    runParse(request).then(
      (outcome) => port.postMessage(outcome),
      (err: unknown) =>
        port.postMessage({
          ok: false,
          failure: { reason: 'invalid', detail: String(err) },
        } satisfies ParseOutcome),
    );
  });
}
