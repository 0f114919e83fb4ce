#!/usr/bin/env node
// `npx glassmeter measure|burn|check ...`: runs the TypeScript CLIs through tsx (no build step).
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const command = process.argv[2];
if (command === 'burn' || command === 'check') await import('../burn/cli.ts');
else await import('./cli.ts');
