#!/usr/bin/env node
import { main } from './cli/main';
import { processIo } from './cli/io';

// The `persona` bin. The exit status is set, not forced, so that output still being written is not cut off.
void main(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
