#!/usr/bin/env node
import { hostname, userInfo } from 'node:os';
import { run } from './main.js';

// The SDK version is pinned; its multi-line "future versions will need Node 22" notice would only bury our
// one-line output on Node 20. A user who wants it can set the variable to false.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Outside CI the author is the local user; some shells (cron, containers) do not set $USER.
const env = { ...process.env };
if (!env.USER) {
  try {
    env.USER = userInfo().username;
  } catch {
    // No passwd entry (an arbitrary container uid): the author stays 'unknown'.
  }
}

// `deploy-lock list | head` closes the pipe early: that is the reader's choice, not a failure worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await run(process.argv.slice(2), env, {
  stdout: process.stdout,
  stderr: process.stderr,
  hostname: hostname(),
});
