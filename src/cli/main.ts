#!/usr/bin/env node
import { processIo } from './cliIo.js';
import { run } from './run.js';

// A closed pipe (`attnproof ... | head`) is not an error worth a stack trace; any other failure to write
// standard output (a full disk, /dev/full) is one line on stderr and exit 2, like any environment error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`attnproof: cannot write to standard output (${error.code ?? error.message})\n`);
  process.exit(2);
});

process.exitCode = await run(process.argv.slice(2), processIo);
