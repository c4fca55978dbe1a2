// npm run test:zod4: the unit tests that zod touches, with zod 4 as the node's `zod`. n8n hands
// community nodes its own zod at run time (3.25 in n8n 2.41, whose root export is zod 3's API;
// zod 4 from its next major on), so the node's checks must read the same on both: the input
// checks, and the tests that read their messages or what they send. Only the node's own imports
// are redirected: n8n-core keeps the zod it was built with.
const { unit } = require('./jest.shared');

const READ_THE_CHECKS = [
	'validation',
	'rowsAsGiven',
	'families',
	'create',
	'catalogue',
	'retired',
	'extend',
	'get',
	'wait',
	'download',
	'toolCalls',
	'zodMajor',
];

/** @type {import('jest').Config} */
module.exports = {
	...unit,
	testTimeout: 30000,
	maxWorkers: 4,
	testMatch: READ_THE_CHECKS.map((name) => `**/test/${name}.test.ts`),
	resolver: '<rootDir>/test/harness/zod4Resolver.js',
	globals: { ...unit.globals, NODE_ZOD_MAJOR: 4, CLOCK_SPEED: 10 },
};
