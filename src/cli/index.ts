#!/usr/bin/env node
import { hostname } from 'node:os';
import { run } from './main.js';

// The SDK version is pinned; its multi-line "future versions will need Node 22" notice would only bury our
// one-line output on Node 20. A user who wants it can set the variable to false.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

process.exitCode = await run(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
  hostname: hostname(),
});
