// The same unit tests with zod 4 as the node's `zod`. n8n hands community nodes its own zod at
// run time (3.25 in n8n 2.41, whose root export is zod 3's API; zod 4 from its next major on),
// so the node's checks must read the same on both. Only the node's own imports are redirected:
// n8n-core keeps the zod it was built with.
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	resolver: '<rootDir>/test/harness/zod4Resolver.js',
	globals: { ...base.globals, NODE_ZOD_MAJOR: 4 },
};
