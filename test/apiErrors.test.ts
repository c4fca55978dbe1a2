import type { INodeParameters } from 'n8n-workflow';

import { runQuickRouter, type OnError } from './harness/engine';
import { apiError, newApiKey, QuickRouterSimulator, type ScriptedAnswer } from './simulator/server';
import { useSimulator } from './useSimulator';

const simulator = useSimulator();

// Two attempts, so that an unreachable service (sent again, with backoff) fails quickly.
const parameters: INodeParameters = {
	resource: 'video',
	operation: 'create',
	prompt: 'A cat',
	options: { maxAttempts: 2 },
};

async function createWith(options: { apiKey?: string; baseUrl?: string; onError?: OnError } = {}) {
	return await runQuickRouter({
		parameters,
		items: [{ row: 1 }],
		credentials: {
			apiKey: options.apiKey ?? simulator().apiKey,
			baseUrl: options.baseUrl ?? simulator().url,
		},
		onError: options.onError,
	});
}

const cases: Array<[string, ScriptedAnswer, RegExp, RegExp]> = [
	[
		'400',
		{ status: 400, body: apiError('prompt violates the content policy', 'invalid_request_error') },
		/^Item 1: QuickRouter rejected the request: prompt violates the content policy$/,
		/Check the field the message names/,
	],
	[
		'402',
		{
			status: 402,
			body: { code: 'insufficient_quota', message: 'balance is not enough', data: null },
		},
		/^Item 1: Your QuickRouter balance is too low: balance is not enough$/,
		/Top up/,
	],
	[
		'403',
		{
			status: 403,
			body: apiError('model sora-2-pro is not available for this key', 'permission_error'),
		},
		/^Item 1: This API key has no access to that model or action: model sora-2-pro is not available for this key$/,
		/plan includes the model/,
	],
	[
		'500',
		{ status: 500, body: apiError('upstream failure', 'server_error') },
		/^Item 1: QuickRouter failed on its side \(HTTP 500\): upstream failure$/,
		/may or may not have been created/,
	],
	[
		'503 with an HTML page',
		{ status: 503, body: '<html><body><h1>503 Service Unavailable</h1></body></html>' },
		/^Item 1: QuickRouter failed on its side \(HTTP 503\)$/,
		/so that you do not pay twice/,
	],
];

describe('Video > Create: API errors become messages a user can act on', () => {
	it.each(cases)('%s', async (_name, fault, message, description) => {
		simulator().answerNext('create', fault);

		const result = await createWith();

		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(description);
		expect(result.error?.httpCode).toBe(String(fault.status));
		expect(simulator().requestsTo('create')).toHaveLength(1);
	});

	it('401: says the key is wrong and where to fix it, and sends the create once', async () => {
		const result = await createWith({ apiKey: newApiKey() });

		expect(result.error?.message).toBe(
			'Item 1: QuickRouter did not accept the API key: Invalid API key',
		);
		expect(result.error?.description).toMatch(
			/Open the QuickRouter credential and check the API key/,
		);
		expect(result.error?.httpCode).toBe('401');
		expect(simulator().requestsTo('create')).toHaveLength(1);
	});

	it('with "continue", an API error becomes an error item paired with its row', async () => {
		simulator().answerNext('create', {
			status: 402,
			body: apiError('balance is not enough', 'billing'),
		});

		const result = await createWith({ onError: 'continueRegularOutput' });

		expect(result.error).toBeUndefined();
		expect(result.outputs[0]).toEqual([
			{
				json: {
					error: {
						message: 'Item 1: Your QuickRouter balance is too low: balance is not enough',
						httpCode: '402',
						taskMayExist: false,
						description: 'Top up your QuickRouter account, then run the item again.',
					},
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('a service that cannot be reached gives an error, not a hang', async () => {
		const closed = await QuickRouterSimulator.start();
		const unreachable = closed.url;
		await closed.stop();

		const result = await createWith({ baseUrl: unreachable });

		expect(result.error?.message).toMatch(/^Item 1: .*(ECONNREFUSED|refused)/i);
		expect(result.error?.description).toMatch(/Sent 2 times .* The task was not created/);
	});
});
