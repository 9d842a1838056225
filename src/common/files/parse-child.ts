// Entry of the child process DocumentParser starts for one parse: says it is ready, takes the
// request, answers with the outcome and exits. Anything unexpected is reported as an invalid
// file rather than thrown: a throw here would only end this process, but the answer is clearer.
import type { ParseOutcome, ParseRequest } from './parse-jobs';
import { runParse } from './parse-jobs';

const send = (message: unknown) =>
  new Promise<void>((resolve) => {
    if (process.send) process.send(message, () => resolve());
    else resolve();
  });

process.once('message', (request: ParseRequest) => {
  void runParse(request)
    .catch((err: unknown): ParseOutcome => ({
      ok: false,
      failure: { reason: 'invalid', detail: String(err) },
    }))
    .then(send)
    .then(() => process.disconnect());
});
// the parent stops a child that outlives it
process.once('disconnect', () => process.exit(0));
void send('ready');
