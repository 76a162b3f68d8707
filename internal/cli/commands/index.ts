/** Every `wes` subcommand, in the order help lists them. */
import type { Command } from '../command.js';
import { checkCommand } from './check.js';
import { runCommand } from './run.js';
import { keysCommand } from './keys.js';
import { deployCommand } from './deploy.js';
import { callCommand } from './call.js';
import { sendCommand } from './send.js';
import { queryCommand } from './query.js';
import { nodeCommand } from './node.js';
import { buildCommand } from './build.js';
import { newCommand } from './new.js';

export const COMMANDS: readonly Command[] = [nodeCommand, newCommand, buildCommand, checkCommand, runCommand, keysCommand, deployCommand, callCommand, sendCommand, queryCommand];
