import { text } from '../nodes/QuickRouter/input/cells';

declare const NODE_ZOD_MAJOR: 3 | 4;

/**
 * The unit tests run twice (npm test, npm run test:zod4): this says which zod the node's checks
 * ran on, so that a resolver that quietly stopped redirecting cannot pass for a zod 4 run.
 */
describe("the node's input checks", () => {
	it(`run on zod ${NODE_ZOD_MAJOR} in this run`, () => {
		// zod 4 schemas carry their internals on `_zod`; zod 3 schemas do not
		const major = '_zod' in text('must be text') ? 4 : 3;
		expect(major).toBe(NODE_ZOD_MAJOR);
	});

	it('word their messages themselves, the same on either major', () => {
		const result = text('must be text').safeParse(7);
		expect(result.success).toBe(false);
		expect(result.error?.issues.map((issue) => issue.message)).toEqual(['must be text']);
	});
});
