/**
 * Every built-in job handler the app runs. Adding one is one module exporting a `JobHandler` and one line
 * here; job types without a handler wait for external workers (fetch-and-lock over HTTP).
 */
import type { JobHandler } from './job-handler.js';

export const builtInJobHandlers: readonly JobHandler[] = [];
