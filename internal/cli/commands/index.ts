/** Every `wes` subcommand, in the order help lists them. */
import type { Command } from '../command.js';
import { checkCommand } from './check.js';
import { runCommand } from './run.js';
import { keysCommand } from './keys.js';

export const COMMANDS: readonly Command[] = [checkCommand, runCommand, keysCommand];
