// Implementations that break the protocol in one way each; the mode is argv[2].
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { constructFromRequest, serve, writeLine } from './fakeConstruction.mjs';

const mode = process.argv[2];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// The shape faults are written against the projected layout; error-on-odd meets validate's large d (fixed layout).
const layout = mode === 'error-on-odd' ? 'auto' : 'projected';
const answer = (request) => ({ id: request.id, ...constructFromRequest(request, { layout }) });

if (mode === 'exit-immediately') process.exit(3);
if (mode === 'banner') await writeLine('Loading model... done');
if (mode === 'hang-with-grandchild') {
  // Something the implementation started, in its process group: it must die with it.
  const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
  writeFileSync(process.env.FAKE_PID_FILE, String(sleeper.pid));
}

await serve(async (request, index) => {
  switch (mode) {
    case 'crash-on-2':
      if (index === 2) process.exit(7);
      return writeLine(JSON.stringify(answer(request)));
    case 'hang':
    case 'hang-with-grandchild':
      return new Promise(() => {}); // never answers
    case 'garbage':
      return writeLine('this is not json');
    case 'out-of-order':
      return writeLine(JSON.stringify({ ...answer(request), id: request.id + 1 }));
    case 'short-x': {
      const response = answer(request);
      response.X.pop();
      return writeLine(JSON.stringify(response));
    }
    case 'wide-wq': {
      const response = answer(request);
      for (const row of response.WQ) row.push(0);
      return writeLine(JSON.stringify(response));
    }
    case 'ragged': {
      const response = answer(request);
      response.X[1].pop();
      return writeLine(JSON.stringify(response));
    }
    case 'nan': {
      // Writes NaN literally, as Python's json.dumps does.
      const response = answer(request);
      response.X[0][1] = NaN;
      return writeLine(
        JSON.stringify(response, (_k, v) => (typeof v === 'number' && Number.isNaN(v) ? '@NaN@' : v)).replace(
          '"@NaN@"',
          'NaN',
        ),
      );
    }
    case 'null': {
      // JSON.stringify turns NaN into null.
      const response = answer(request);
      response.WK[2][0] = NaN;
      return writeLine(JSON.stringify(response));
    }
    case 'overflow': {
      // 1e999 is valid JSON but no double: it reads as Infinity.
      const response = answer(request);
      response.X[1][0] = 12345.5;
      return writeLine(JSON.stringify(response).replace('12345.5', '1e999'));
    }
    case 'exit-after-1':
      await writeLine(JSON.stringify(answer(request)));
      process.exit(0);
      return undefined;
    case 'error-on-odd':
      if (request.id % 2 === 1)
        return writeLine(JSON.stringify({ id: request.id, error: `declined request ${request.id}` }));
      return writeLine(JSON.stringify(answer(request)));
    case 'two-lines': {
      const line = JSON.stringify(answer(request));
      return writeLine(`${line}\n${line}`);
    }
    case 'two-lines-later': {
      await writeLine(JSON.stringify(answer(request)));
      await sleep(100);
      return writeLine(JSON.stringify(answer(request)));
    }
    case 'slow':
      await sleep(300);
      return writeLine(JSON.stringify(answer(request)));
    case 'no-newline':
      process.stdout.write(JSON.stringify(answer(request)));
      return new Promise(() => {});
    case 'killed':
      // As the out-of-memory killer would (SIGKILL leaves no core dump behind, unlike SIGSEGV).
      process.kill(process.pid, 'SIGKILL');
      return new Promise(() => {});
    case 'banner':
      return writeLine(JSON.stringify(answer(request)));
    default:
      process.stderr.write(`faultyImpl: unknown mode ${mode}\n`);
      process.exit(2);
  }
  return undefined;
});
