import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runQuickRouter, type RunOptions } from './harness/engine';
import { apiError, type SimulatedTask } from './simulator/server';
import { VideoHost } from './simulator/videoHost';
import { useSimulator } from './useSimulator';
import { clock } from '../nodes/QuickRouter/run/clock';

const simulator = useSimulator();

const CREATE: INodeParameters = {
	resource: 'video',
	operation: 'create',
	prompt: '={{ $json.prompt }}',
};

async function create(
	items: IDataObject[] = [{ prompt: 'A paper boat' }],
	options: Partial<RunOptions> & { parameters?: INodeParameters } = {},
) {
	return await runQuickRouter({
		...options,
		parameters: { ...CREATE, ...options.parameters },
		items,
		credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
	});
}

const creates = () => simulator().requestsTo('create').length;
const tasks = () => [...simulator().tasks.values()];

/** A create answer cut short, as a proxy that drops the connection might leave it. */
const cutShort = (_request: unknown, task?: SimulatedTask) =>
	JSON.stringify({ id: task!.id, status: 'pending' }).slice(0, -12);

describe('Create: sent again only when QuickRouter certainly created nothing', () => {
	it('429 with Retry-After: waits as asked, sends again, one task', async () => {
		simulator().answerNext('create', {
			status: 429,
			body: apiError('rate limit exceeded', 'rate_limit_error'),
			headers: { 'Retry-After': '1' },
		});
		const started = clock.now();

		const result = await create();

		expect(result.error).toBeUndefined();
		expect(clock.now() - started).toBeGreaterThanOrEqual(1000);
		expect(creates()).toBe(2);
		expect(tasks()).toHaveLength(1);
		expect(result.outputs[0][0].json.id).toBe(tasks()[0].id);
	});

	it('429 without Retry-After: backs off, sends again, one task', async () => {
		simulator().answerNext('create', { status: 429 }, 2);

		const result = await create();

		expect(result.error).toBeUndefined();
		expect(creates()).toBe(3);
		expect(tasks()).toHaveLength(1);
	});

	it('503 with Retry-After: sends again, one task', async () => {
		simulator().answerNext('create', { status: 503, headers: { 'Retry-After': '0' } });

		const result = await create();

		expect(result.error).toBeUndefined();
		expect(creates()).toBe(2);
		expect(tasks()).toHaveLength(1);
	});

	it('connection refused: nothing was sent, so it sends again once the service is back', async () => {
		await simulator().refuseConnectionsFor(1500);

		const result = await create();

		expect(result.error).toBeUndefined();
		expect(tasks()).toHaveLength(1);
		expect(result.outputs[0][0].json.id).toBe(tasks()[0].id);
	});

	it('stops after Max Attempts, saying the task was not created and the row can be run again', async () => {
		simulator().answerNext('create', { status: 429, headers: { 'Retry-After': '0' } }, 3);

		const result = await create([{ prompt: 'p' }], {
			parameters: { options: { maxAttempts: 3 } },
			onError: 'continueRegularOutput',
		});

		expect(creates()).toBe(3);
		expect(tasks()).toHaveLength(0);
		expect(result.outputs[0]).toEqual([
			{
				json: {
					error: expect.objectContaining({
						message: "Item 1: QuickRouter's rate limit was reached: HTTP 429",
						taskMayExist: false,
						httpCode: '429',
					}),
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(result.outputs[0][0].json.error).toMatchObject({
			description: expect.stringMatching(
				/Sent 3 times over \d+ seconds\. The task was not created, so nothing was charged/,
			),
		});
	});
});

describe('Create: never sent again after a failure that may have created the task', () => {
	const unclear: Array<
		[string, Parameters<ReturnType<typeof simulator>['answerNext']>[1], RegExp]
	> = [
		[
			'503 without Retry-After',
			{ status: 503, body: apiError('overloaded', 'server_error') },
			/^Item 1: QuickRouter failed on its side \(HTTP 503\): overloaded$/,
		],
		[
			'500 after the task was created',
			{ status: 500, afterCreate: true, body: apiError('upstream failure', 'server_error') },
			/^Item 1: QuickRouter failed on its side \(HTTP 500\): upstream failure$/,
		],
		[
			'an HTML error page (502)',
			{ status: 502, afterCreate: true, body: '<html><body>Bad Gateway</body></html>' },
			/^Item 1: QuickRouter failed on its side \(HTTP 502\)$/,
		],
		[
			'a connection reset after the task was created',
			{ status: 200, afterCreate: true, reset: true },
			/^Item 1: The connection to QuickRouter broke before it answered \(ECONNRESET\): the task may have been created$/,
		],
		[
			'a connection reset before anything was done',
			{ status: 200, reset: true },
			/^Item 1: The connection to QuickRouter broke before it answered \(ECONNRESET\): the task may have been created$/,
		],
		[
			'an answer slower than the timeout',
			{ status: 200, afterCreate: true, realDelayMs: 2500 },
			/^Item 1: QuickRouter did not answer in time: the task may have been created$/,
		],
		[
			'a 200 answer that names no task',
			{ status: 200, afterCreate: true, body: 'OK', contentType: 'text/plain' },
			/^Item 1: QuickRouter accepted the request but its answer names no task: the task was probably created$/,
		],
	];

	it.each(unclear)(
		'%s: one request, an error that says the task may exist',
		async (_name, fault, message) => {
			simulator().answerNext('create', fault);

			const result = await create([{ prompt: 'p' }], {
				onError: 'continueErrorOutput',
				parameters: { requestOptions: { timeout: 1000 } },
			});

			expect(creates()).toBe(1);
			const [main, errors] = result.outputs;
			expect(main).toHaveLength(0);
			expect(errors).toEqual([
				{
					// on the error output, n8n puts the input row's fields beside the error
					json: {
						prompt: 'p',
						error: expect.objectContaining({
							message: expect.stringMatching(message),
							taskMayExist: true,
							description: expect.stringMatching(
								/does not send it again .* before you run this item again, so that you do not pay twice|may or may not have been created/,
							),
						}),
					},
					pairedItem: { item: 0 },
				},
			]);
		},
	);

	it('a 200 answer cut short still gives the task it created, and the wait goes on', async () => {
		simulator().answerNext('create', {
			status: 200,
			afterCreate: true,
			body: cutShort,
			contentType: 'application/json',
		});

		const result = await create([{ prompt: 'p' }], {
			parameters: { waitForCompletion: true, waitOptions: { pollIntervalSeconds: 2 } },
		});

		expect(result.error).toBeUndefined();
		expect(creates()).toBe(1);
		expect(result.outputs[0][0].json).toMatchObject({ id: tasks()[0].id, status: 'completed' });
	});

	it('a key revoked mid-run: the rows after it fail with 401, each sent once, none lost', async () => {
		simulator().settings.revokeKeyAfterCreates = 2;
		simulator().settings.createLatencyMs = 100;
		simulator().settings.concurrencyLimit = 1;

		const result = await create(
			Array.from({ length: 4 }, (_, index) => ({ prompt: `row ${index + 1}` })),
			{ onError: 'continueRegularOutput' },
		);

		const [main] = result.outputs;
		expect(main.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		const made = main.filter((item) => !item.json.error);
		const refused = main.filter((item) => item.json.error);
		expect(made.map((item) => item.json.id).sort()).toEqual(
			tasks()
				.map((task) => task.id)
				.sort(),
		);
		expect(made).toHaveLength(2);
		for (const item of refused) {
			expect(item.json).toEqual({
				error: expect.objectContaining({
					message: expect.stringMatching(
						/^Item \d: QuickRouter did not accept the API key: Invalid API key$/,
					),
					taskMayExist: false,
					httpCode: '401',
				}),
			});
		}
		// 429s from the concurrency limit are sent again; a 401 is not
		const lastAnswerPerPrompt = new Map<unknown, number>();
		simulator()
			.requestsTo('create')
			.forEach((request, index) =>
				lastAnswerPerPrompt.set((request.body as IDataObject).prompt, index),
			);
		expect(lastAnswerPerPrompt.size).toBe(4);
	});
});

describe('Without "continue on fail": the first failure stops the node, and nothing is lost', () => {
	it('rows waiting to be sent are not sent, and the error says so', async () => {
		simulator().answerNext('create', { status: 429, headers: { 'Retry-After': '3' } }, 3);
		simulator().answerNext('create', {
			status: 402,
			body: apiError('balance is not enough', 'billing'),
		});

		const result = await create(
			Array.from({ length: 4 }, (_, index) => ({ prompt: `row ${index + 1}` })),
		);

		expect(result.error?.message).toMatch(
			/^Item \d: Your QuickRouter balance is too low: balance is not enough$/,
		);
		expect(result.error?.description).toMatch(
			/4 item\(s\) have no task, so nothing was charged for them/,
		);
		expect(creates()).toBe(4);
		expect(tasks()).toHaveLength(0);
	});

	it('the other rows stop waiting at once, and the error lists the tasks they made', async () => {
		simulator().settings.taskDurationMs = 8000;
		simulator().answerNext('query', {
			status: 403,
			body: apiError('no access', 'permission_error'),
		});
		const started = clock.now();

		const result = await create(
			Array.from({ length: 3 }, (_, index) => ({ prompt: `row ${index + 1}` })),
			{ parameters: { waitForCompletion: true, waitOptions: { pollIntervalSeconds: 2 } } },
		);

		expect(result.error?.message).toMatch(/^Item \d: Checking task .+: This API key has no access/);
		expect(clock.now() - started).toBeLessThan(6000);
		const listed = tasks().map((task) => task.id);
		expect(listed).toHaveLength(3);
		for (const id of listed) expect(result.error?.description).toContain(id);
		expect(result.error?.description).toMatch(/Tasks created in this run \(not lost/);
	});
});

describe("n8n's Retry On Fail does not create a row's task twice", () => {
	const retryOnFail = { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 };

	it('rows created in the first try are reused; a row refused outright is sent again', async () => {
		simulator().answerNext('create', {
			status: 400,
			body: apiError('try again', 'invalid_request_error'),
		});

		const result = await create(
			Array.from({ length: 3 }, (_, index) => ({ prompt: `row ${index + 1}` })),
			{ settings: retryOnFail },
		);

		expect(result.error).toBeUndefined();
		expect(creates()).toBe(4);
		expect(tasks()).toHaveLength(3);
		expect(result.outputs[0].map((item) => item.json.id).sort()).toEqual(
			tasks()
				.map((task) => task.id)
				.sort(),
		);
	});

	it('a row whose task may exist is not sent again in a later try', async () => {
		simulator().answerNext('create', { status: 500, afterCreate: true });

		const result = await create(
			Array.from({ length: 3 }, (_, index) => ({ prompt: `row ${index + 1}` })),
			{ settings: retryOnFail },
		);

		expect(result.error?.message).toMatch(/HTTP 500/);
		expect(creates()).toBe(3);
		expect(tasks()).toHaveLength(3);
		// the note on the run's tasks is said once, not once per try
		expect(result.error?.description?.match(/Tasks created in this run/g)).toHaveLength(1);
	});

	it('with "continue" (which n8n also retries when the first item is an error), still once per row', async () => {
		simulator().answerNext('create', { status: 500, afterCreate: true });
		simulator().settings.createLatencyMs = 50;

		const result = await create(
			Array.from({ length: 3 }, (_, index) => ({ prompt: `row ${index + 1}` })),
			{ settings: retryOnFail, onError: 'continueRegularOutput' },
		);

		expect(creates()).toBe(3);
		expect(tasks()).toHaveLength(3);
		expect(result.outputs[0]).toHaveLength(3);
	});
});

describe('Reads are repeated after any passing failure', () => {
	let cdn: VideoHost;
	beforeAll(async () => {
		cdn = await VideoHost.start();
	});
	afterAll(async () => await cdn.stop());
	beforeEach(() => {
		simulator().settings.videoBaseUrl = cdn.url;
		cdn.breakNext = 0;
		cdn.failNext.times = 0;
		cdn.chunked = false;
	});

	const createdTask = async () => {
		const made = await create();
		return String(made.outputs[0][0].json.id);
	};
	const get = async (taskId: string, parameters: INodeParameters = {}) =>
		await runQuickRouter({
			parameters: { resource: 'video', operation: 'get', taskId, ...parameters },
			items: [{}],
			credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
		});

	it('Get after 429, 503 and a reset', async () => {
		const taskId = await createdTask();
		simulator().answerNext('query', { status: 429, headers: { 'Retry-After': '0' } });
		simulator().answerNext('query', { status: 503 });
		simulator().answerNext('query', { status: 200, reset: true });

		const result = await get(taskId);

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({ id: taskId, status: 'completed' });
		expect(simulator().requestsTo('query')).toHaveLength(4);
	});

	it('Get of an unknown task is not repeated', async () => {
		const result = await get('sora-2:task_unknown');

		expect(result.error?.message).toMatch(/Task not found/);
		expect(simulator().requestsTo('query')).toHaveLength(1);
	});

	it.each([
		['with Content-Length', false],
		['chunked', true],
	])('a download that breaks off halfway (%s) is fetched again, whole', async (_name, chunked) => {
		const taskId = await createdTask();
		cdn.chunked = chunked;
		cdn.breakNext = 2;
		cdn.requests.length = 0;

		const result = await get(taskId, { download: true });

		expect(result.error).toBeUndefined();
		const binary = result.outputs[0][0].binary!.data;
		expect(Buffer.from(binary.data, 'base64').equals(cdn.video)).toBe(true);
		expect(cdn.requests).toHaveLength(3);
	});

	it('a download met by 503 is fetched again', async () => {
		const taskId = await createdTask();
		cdn.failNext = { status: 503, times: 1 };
		cdn.requests.length = 0;

		const result = await get(taskId, { download: true });

		expect(result.error).toBeUndefined();
		expect(cdn.requests).toHaveLength(2);
	});

	it('a download refused for good (404) is not repeated', async () => {
		const taskId = await createdTask();
		cdn.failNext = { status: 404, times: 5 };
		cdn.requests.length = 0;

		const result = await get(taskId, { download: true });

		expect(result.error?.message).toBe(
			`Item 1: Could not download the video of task ${taskId} (HTTP 404)`,
		);
		expect(cdn.requests).toHaveLength(1);
	});
});
