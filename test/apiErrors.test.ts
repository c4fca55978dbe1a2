import type { INodeParameters } from 'n8n-workflow';

import { runQuickRouter, type OnError } from './harness/engine';
import {
	apiError,
	newApiKey,
	noChannelFor,
	QuickRouterSimulator,
	type ScriptedAnswer,
	type SimulatedTask,
} from './simulator/server';
import { useSimulator } from './useSimulator';
import { errorMessageOf, errorOf } from './harness/errorItems';

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
			body: apiError('this key may not use video generation', 'permission_error'),
		},
		/^Item 1: This API key has no access to that model or action: this key may not use video generation$/,
		/plan includes the model/,
	],
	[
		'503 with no channel for the model (new-api), Retry-After too',
		{ status: 503, body: noChannelFor('veo3.1-fast'), headers: { 'Retry-After': '1' } },
		/^Item 1: The model veo3.1-fast is not available on this QuickRouter API key: No available channel for model veo3.1-fast under group default \(distributor\)$/,
		/^QuickRouter turned the request away before creating a task, so nothing was charged, and sending it again will not help\. Pick another model, or check that your QuickRouter plan includes veo3\.1-fast\. 1 item\(s\) have no task, so nothing was charged/,
	],
	[
		'400 with code model_not_found',
		{
			status: 400,
			body: {
				error: { message: 'unknown model', type: 'invalid_request_error', code: 'model_not_found' },
			},
		},
		/^Item 1: The model veo3.1-fast is not available on this QuickRouter API key: unknown model$/,
		/nothing was charged/,
	],
	[
		"404 in OpenAI's words",
		{
			status: 404,
			body: apiError(
				'The model `veo3.1-fast` does not exist or you do not have access to it.',
				'invalid_request_error',
			),
		},
		/^Item 1: The model veo3.1-fast is not available on this QuickRouter API key: The model `veo3.1-fast` does not exist/,
		/nothing was charged/,
	],
	[
		"a relay's {code, message} with 200, in Chinese",
		{
			status: 200,
			body: {
				code: 'model_not_found',
				message: '当前分组 vip 下对于模型 veo3.1-fast 无可用渠道',
				data: null,
			},
		},
		/^Item 1: The model veo3.1-fast is not available on this QuickRouter API key: 当前分组 vip/,
		/nothing was charged/,
	],
	[
		'500 that names a model but not its absence stays unclear',
		{ status: 500, body: apiError('model veo3.1-fast: upstream image not found', 'server_error') },
		/^Item 1: QuickRouter failed on its side \(HTTP 500\): model veo3.1-fast: upstream image not found$/,
		/may or may not have been created/,
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
		simulator().answerNext('create', fault, 2);

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

describe('Only a create’s answer that the model is not available is read as "nothing made"', () => {
	const tasks = () => simulator().tasks.size;

	// each after the task was made: the node must say that a task may exist
	it.each<[string, ScriptedAnswer]>([
		[
			'500 "model output not found" (the words, not the model asked for)',
			{
				status: 500,
				afterCreate: true,
				body: apiError('upstream error: model output not found', 'server_error'),
			},
		],
		[
			'502 "The model server is unavailable"',
			{
				status: 502,
				afterCreate: true,
				body: apiError('The model server is unavailable, please retry later', 'server_error'),
			},
		],
		[
			'500 naming the task it made beside code model_not_found',
			{
				status: 500,
				afterCreate: true,
				body: (_request: unknown, task?: SimulatedTask) => ({
					id: task!.id,
					error: { message: 'late failure', code: 'model_not_found' },
				}),
			},
		],
		[
			'503 with code model_not_found whose words name the task it made',
			{
				status: 503,
				afterCreate: true,
				body: (_request: unknown, task?: SimulatedTask) => ({
					error: {
						message: `upstream refused after task ${task!.id} was queued`,
						code: 'model_not_found',
					},
				}),
			},
		],
		[
			'500 with code model_not_found and the task in data.task_id',
			{
				status: 500,
				afterCreate: true,
				body: (_request: unknown, task?: SimulatedTask) => ({
					code: 'model_not_found',
					message: 'late',
					data: { task_id: task!.id },
				}),
			},
		],
		[
			'502 "No available channel" for a longer model than the one sent (veo3.1-fast-x)',
			{
				status: 502,
				afterCreate: true,
				body: apiError(
					'No available channel for model veo3.1-fast-x under group default',
					'new_api_error',
				),
			},
		],
	])('%s: the task may exist', async (_name, fault) => {
		simulator().answerNext('create', fault);

		const result = await createWith({ onError: 'continueRegularOutput' });

		expect(tasks()).toBe(1);
		expect(errorOf(result.outputs[0][0].json)).toMatchObject({ taskMayExist: true });
		expect(errorMessageOf(result.outputs[0][0].json)).not.toMatch(/not available on this/);
	});

	it('a 200 whose words speak of a model but that names no task: the task was probably made', async () => {
		simulator().answerNext('create', {
			status: 200,
			afterCreate: true,
			body: { message: 'model output not found, will retry in background' },
		});

		const result = await createWith({ onError: 'continueRegularOutput' });

		expect(errorOf(result.outputs[0][0].json)).toMatchObject({ taskMayExist: true });
		expect(errorMessageOf(result.outputs[0][0].json)).toMatch(/names no task/);
	});

	it.each<[string, ScriptedAnswer]>([
		[
			'503 with Retry-After "The model is unavailable due to high load"',
			{
				status: 503,
				headers: { 'Retry-After': '0' },
				body: apiError('The model is unavailable due to high load', 'server_error'),
			},
		],
		[
			'429 "model veo3.1-fast is unavailable: too many requests"',
			{
				status: 429,
				headers: { 'Retry-After': '0' },
				body: apiError('model veo3.1-fast is unavailable: too many requests', 'rate_limit_error'),
			},
		],
	])(
		'%s is sent again, as QuickRouter made nothing and asks to come back',
		async (_name, fault) => {
			simulator().answerNext('create', fault);

			const result = await createWith();

			expect(result.error).toBeUndefined();
			expect(simulator().requestsTo('create')).toHaveLength(2);
			expect(tasks()).toBe(1);
		},
	);

	it('a 400 whose words speak of a model but not of the one sent stays a plain refusal', async () => {
		simulator().answerNext('create', {
			status: 400,
			body: apiError('model output not found for this content', 'invalid_request_error'),
		});

		const result = await createWith({ onError: 'continueRegularOutput' });

		expect(errorMessageOf(result.outputs[0][0].json)).toBe(
			'Item 1: QuickRouter rejected the request: model output not found for this content',
		);
		expect(errorOf(result.outputs[0][0].json)).toMatchObject({ taskMayExist: false });
	});

	it.each<[string, ScriptedAnswer]>([
		['the code as the error itself', { status: 400, body: { error: 'model_not_found' } }],
		[
			'"模型 veo3.1-fast 不存在" (does not exist)',
			{ status: 400, body: { code: 'invalid', message: '模型 veo3.1-fast 不存在' } },
		],
		[
			'a 500 with the code',
			{ status: 500, body: { code: 'model_not_found', message: 'no such model', data: null } },
		],
	])('%s: a refusal for the model', async (_name, fault) => {
		simulator().answerNext('create', fault);

		const result = await createWith({ onError: 'continueRegularOutput' });

		expect(errorMessageOf(result.outputs[0][0].json)).toMatch(
			/^Item 1: The model veo3\.1-fast is not available on this QuickRouter API key/,
		);
		expect(errorOf(result.outputs[0][0].json)).toMatchObject({ taskMayExist: false });
		expect(simulator().requestsTo('create')).toHaveLength(1);
	});

	it('Get of a task whose model QuickRouter no longer serves: a failed read, which creates nothing', async () => {
		simulator().answerNext('query', { status: 503, body: noChannelFor('sora-2') }, 10);

		const result = await runQuickRouter({
			parameters: {
				resource: 'video',
				operation: 'get',
				taskId: 'sora-2:task_01k900ag82ecgbewj2xa3758z0',
			},
			items: [{}],
			credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
			onError: 'continueRegularOutput',
		});

		const error = errorOf(result.outputs[0][0].json);
		expect(String(error?.message)).toMatch(
			/^Item 1: QuickRouter failed on its side \(HTTP 503\): No available channel for model sora-2/,
		);
		expect(error?.description).toBe(
			'Looking a task up creates nothing, so it is safe to run this item again later.',
		);
		expect(simulator().tasks.size).toBe(0);
	});

	it('a status check or a Get that meets such an answer is a read, not a refusal: the task exists', async () => {
		simulator().answerNext(
			'query',
			{
				status: 404,
				body: { error: { message: 'model veo3.1-fast not found', code: 'model_not_found' } },
			},
			50,
		);

		const waited = await runQuickRouter({
			parameters: {
				...parameters,
				waitForCompletion: true,
				waitOptions: { pollIntervalSeconds: 2 },
			},
			items: [{}],
			credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
			onError: 'continueRegularOutput',
		});

		const [task] = simulator().tasks.values();
		const error = errorOf(waited.outputs[0][0].json);
		expect(error).toMatchObject({ taskId: task.id });
		expect(error?.taskMayExist).not.toBe(false);
		expect(String(error?.message)).toMatch(
			/^Item 1: Checking task .*: QuickRouter answered with HTTP 404/,
		);
		expect(String(error?.description)).not.toMatch(/nothing was charged/);
	});
});
