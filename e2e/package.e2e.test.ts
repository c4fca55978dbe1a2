/* eslint-disable @n8n/community-nodes/no-restricted-globals -- e2e test */

describe('the published package', () => {
	it('ships only the build, README, LICENSE and package.json', () => {
		const files = JSON.parse(process.env.QUICKROUTER_E2E_PACKED_FILES ?? '[]') as string[];

		expect(files.length).toBeGreaterThan(0);
		const outside = files.filter(
			(file) =>
				!file.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(file),
		);
		expect(outside).toEqual([]);
		expect(files.filter((file) => /tsbuildinfo|\.test\.|^test\/|^e2e\//.test(file))).toEqual([]);
		// n8n-node build copies every PNG and SVG it finds: only the node's own may ship
		const strays = files.filter(
			(file) =>
				file.startsWith('dist/') &&
				!/^dist\/(nodes|credentials|icons)\//.test(file) &&
				file !== 'dist/package.json',
		);
		expect(strays).toEqual([]);
		expect(files).toEqual(
			expect.arrayContaining([
				'dist/nodes/QuickRouter/QuickRouter.node.js',
				'dist/nodes/QuickRouter/QuickRouter.node.json',
				'dist/credentials/QuickRouterApi.credentials.js',
				'dist/icons/quickrouter.svg',
				'dist/icons/quickrouter.dark.svg',
			]),
		);
	});
});
