// Writes docs/errors.md from pkg/error-registry.ts (run `make build` first).
import { writeFileSync } from 'node:fs';
import { errorCatalogMarkdown } from '../dist/pkg/error-registry.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), errorCatalogMarkdown());
console.log('wrote docs/errors.md');
