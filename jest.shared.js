/** What every jest run here shares: ts-jest over the TypeScript sources, in Node. */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	// The zod major the node's own imports get in this run (see jest.zod4.config.js)
	globals: { NODE_ZOD_MAJOR: 3 },
};
