const base = require('./jest.config.js');

/** The real-n8n tests: the unit setup, with their own folder, a one-time setup, long timeouts. */
/** @type {import('jest').Config} */
module.exports = {
	...base,
	roots: ['<rootDir>/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	globalSetup: '<rootDir>/e2e/globalSetup.ts',
	testTimeout: 10 * 60 * 1000,
	verbose: true,
};
