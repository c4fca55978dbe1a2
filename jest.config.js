const { unit } = require('./jest.shared');

/**
 * npm test: the unit tests, through n8n-core. Most files mostly wait (for tasks, checks,
 * Retry-After): they run on the node's clock made 10 times faster (nodes/QuickRouter/run/clock.ts,
 * set by test/harness/fastClock.ts) and several at once, each file with its own simulator on its
 * own port. A few files prove the real clock (`*.realtime.test.ts`), in a project of their own.
 */
/** @type {import('jest').Config} */
module.exports = {
	testTimeout: 30000,
	// the files wait far more than they compute: more of them at once than there are cores
	maxWorkers: 4,
	projects: [
		{
			...unit,
			displayName: 'fast clock',
			testMatch: ['**/*.test.ts'],
			testPathIgnorePatterns: ['\\.realtime\\.test\\.ts$'],
			globals: { ...unit.globals, CLOCK_SPEED: 10 },
		},
		{
			...unit,
			displayName: 'real clock',
			testMatch: ['**/*.realtime.test.ts'],
			globals: { ...unit.globals, CLOCK_SPEED: 1 },
		},
	],
};

