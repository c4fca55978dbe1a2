import { testCredential } from './harness/credentialTest';
import { newApiKey } from './simulator/server';
import { useSimulator } from './useSimulator';

const simulator = useSimulator();

describe('QuickRouter API credential test', () => {
	it.each(['', '/', '/v1', '/v1/', '//'])(
		'passes with a good key, base URL typed with suffix "%s", and costs one free GET /v1/models',
		async (suffix) => {
			const result = await testCredential('quickRouterApi', {
				apiKey: simulator().apiKey,
				baseUrl: simulator().url + suffix,
			});

			expect(result).toEqual({ status: 'OK' });
			expect(simulator().requests.map((request) => `${request.method} ${request.path}`)).toEqual([
				'GET /v1/models',
			]);
			expect(simulator().requests[0].headers.authorization).toBe(`Bearer ${simulator().apiKey}`);
		},
	);

	it('fails with a wrong key, without creating anything', async () => {
		const result = await testCredential('quickRouterApi', {
			apiKey: newApiKey(),
			baseUrl: simulator().url,
		});

		expect(result.status).toBe('Error');
		// n8n tries a request once more after a 401 (in case the credential can refresh itself)
		expect(simulator().requests.map((request) => `${request.method} ${request.path}`)).toEqual(
			expect.arrayContaining(['GET /v1/models']),
		);
		expect(simulator().requests.every((request) => request.route === 'models')).toBe(true);
	});
});
