/** `make loadtest`: the load test alone, printed as a RESULTS.md section (not written to the file). */
import 'reflect-metadata';
import { renderSection } from '../lib/stats.js';
import { loadTestSections } from './section.js';

const sections = await loadTestSections();
process.stdout.write(`${sections.map(renderSection).join('\n\n')}\n`);
