#!/usr/bin/env node
import { hostname } from 'node:os';
import { run } from './main.js';

process.exitCode = await run(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr, hostname: hostname() });
