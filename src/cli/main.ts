#!/usr/bin/env node
import { processIo } from './cliIo.js';
import { run } from './run.js';

// A closed pipe (`attnproof ... | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await run(process.argv.slice(2), processIo);
