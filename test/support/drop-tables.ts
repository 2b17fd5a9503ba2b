import { afterAll } from 'vitest';
import { dropCreatedTables } from './local-table.js';

// A setup file of the `dynamodb` project: each test file's tables go when the file ends.
afterAll(dropCreatedTables);
