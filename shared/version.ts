/** Caseflow's version, reported by the health endpoint and the CLI. Kept equal to package.json by a test. */
export const version = '0.1.0';
