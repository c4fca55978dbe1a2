const { shared } = require('./jest.shared');

/** The real-n8n tests: TypeScript as the unit tests, their own folder, a one-time setup, long timeouts. */
/** @type {import('jest').Config} */
module.exports = {
	...shared,
	roots: ['<rootDir>/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	globalSetup: '<rootDir>/e2e/globalSetup.ts',
	testTimeout: 10 * 60 * 1000,
	// each file runs its own n8n (its own folder and ports): two at once, as they mostly wait
	maxWorkers: 2,
	verbose: true,
};
