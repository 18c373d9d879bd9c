#!/usr/bin/env node
import { main } from './cli/main';
import { processIo } from './cli/io';

// A reader that stops early (`persona generate … | head`) closes the pipe: stop quietly, as
// command-line tools do, rather than die on an unhandled EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit();
});

// The `persona` bin. The exit status is set, not forced, so that output still being written is not cut off.
void main(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
