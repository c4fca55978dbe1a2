import { assertPrerequisites, missingPrerequisites } from '../e2e/prerequisites';

/**
 * `npm run test:e2e` checks the machine first: each missing program is named with the Debian
 * package that brings it, in one error, before any n8n is installed or started.
 */
describe("the e2e run's prerequisites", () => {
	const bare = {
		PATH: '',
		CHROMIUM_PATH: '/nonexistent/chromium',
		QUICKROUTER_E2E_PG_BIN: '/nonexistent',
	};

	it('names each missing program and its package', () => {
		expect(missingPrerequisites(bare).map((item) => item.packages)).toEqual([
			['chromium', 'fonts-dejavu-core'],
			['redis-server'],
			['postgresql'],
			['openssl'],
		]);
		expect(() => assertPrerequisites(bare)).toThrow(
			/needs programs this machine does not have:[\s\S]*Chromium at \/nonexistent\/chromium[\s\S]*redis-server[\s\S]*PostgreSQL[\s\S]*Install them with: sudo apt-get install -y --no-install-recommends chromium fonts-dejavu-core redis-server postgresql openssl$/,
		);
	});
});
