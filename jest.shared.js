/**
 * What every jest run here shares: ts-jest over the TypeScript sources, in Node. ts-jest only
 * transpiles (tsconfig.test.json sets isolatedModules): the types are checked once, by
 * `npm run typecheck`, not again in every worker for every file.
 */
/** @type {import('jest').Config} */
const shared = {
	testEnvironment: 'node',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	// The zod major the node's own imports get in this run (see jest.zod4.config.js)
	globals: { NODE_ZOD_MAJOR: 3 },
};

/**
 * The unit tests' (npm test, npm run test:zod4): each test file starts with the node's clock run
 * at its project's CLOCK_SPEED (test/harness/fastClock.ts).
 */
const unit = {
	...shared,
	roots: ['<rootDir>/test'],
	setupFiles: ['<rootDir>/test/harness/fastClock.ts'],
};

module.exports = { shared, unit };
