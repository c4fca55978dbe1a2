import { sleep, type IDataObject, type INodeParameters } from 'n8n-workflow';

import { runQuickRouter, type OnError } from './harness/engine';
import { apiError, type RecordedRequest } from './simulator/server';
import { useSimulator } from './useSimulator';
import { clock } from '../nodes/QuickRouter/run/clock';

const simulator = useSimulator({ taskDurationMs: 3000 });

const POLL_SECONDS = 2;

async function createAndWait(
	items: IDataObject[],
	options: { parameters?: INodeParameters; onError?: OnError; cancelAfterMs?: number } = {},
) {
	return await runQuickRouter({
		parameters: {
			resource: 'video',
			operation: 'create',
			prompt: '={{ $json.prompt }}',
			waitForCompletion: true,
			waitOptions: { pollIntervalSeconds: POLL_SECONDS },
			...options.parameters,
		},
		items,
		credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
		onError: options.onError,
		cancelAfterMs: options.cancelAfterMs,
	});
}

describe('Video > Create with Wait for Completion', () => {
	it('gives the raw final answer with Simplify Output off', async () => {
		const [item] = (await createAndWait([{ prompt: 'p' }], { parameters: { simplify: false } }))
			.outputs[0];

		expect(item.json).toMatchObject({
			status: 'completed',
			video_url: expect.stringMatching(/\.mp4$/),
		});
		expect(item.json).toHaveProperty('detail');
	});

	it('survives polls that meet 429, 503 and a dropped connection, without creating again', async () => {
		simulator().answerNext('query', { status: 429, headers: { 'Retry-After': '0' } });
		simulator().answerNext('query', { status: 503, headers: { 'Retry-After': '0' } });
		simulator().answerNext('query', { status: 0, reset: true });

		const result = await createAndWait([{ prompt: 'p' }]);

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json.status).toBe('completed');
		expect(simulator().requestsTo('create')).toHaveLength(1);
		expect(simulator().requestsTo('query').length).toBeGreaterThanOrEqual(4);
	}, 30_000);

	it('a task that fails gives an error with the task ID and the reason; with Continue, a paired error item', async () => {
		simulator().settings.failureFor = (input) =>
			input.prompt.includes('person') ? 'the first frame shows a real person' : undefined;

		const stopped = await createAndWait([{ prompt: 'a person walking' }]);
		expect(stopped.error?.message).toMatch(
			/^Item 1: Task veo3\.1-fast:[\w-]+ failed: the first frame shows a real person$/,
		);

		const continued = await createAndWait([{ prompt: 'a cat' }, { prompt: 'a person walking' }], {
			onError: 'continueRegularOutput',
		});
		const [main] = continued.outputs;
		expect(main[0].json.status).toBe('completed');
		expect(main[1]).toMatchObject({
			json: {
				error: {
					message: expect.stringMatching(
						/^Item 2: Task veo3\.1-fast:[\w-]+ failed: the first frame shows a real person$/,
					),
					taskId: expect.stringMatching(/^veo3\.1-fast:/),
				},
			},
			pairedItem: { item: 1 },
		});
	});

	it("a poll refused for good (401) stops with the API's words, and the key cut out", async () => {
		simulator().answerNext('query', {
			status: 401,
			body: (request: RecordedRequest) =>
				apiError(`key ${request.headers.authorization} revoked`, 'authentication_error'),
		});

		const result = await createAndWait([{ prompt: 'p' }]);

		expect(result.error?.message).toMatch(
			/^Item 1: Checking task veo3\.1-fast:[\w-]+: QuickRouter did not accept the API key: key Bearer \*\*\* revoked$/,
		);
		expect(JSON.stringify(result.run)).not.toContain(simulator().apiKey);
	});

	it('a create answer without a task ID is an error, not a wait on nothing', async () => {
		simulator().answerNext('create', { status: 200, body: { status: 'pending' } });

		const result = await createAndWait([{ prompt: 'p' }]);

		expect(result.error?.message).toBe(
			'Item 1: QuickRouter accepted the request but its answer names no task: the task was probably created',
		);
		expect(simulator().requestsTo('query')).toHaveLength(0);
	});

	it('stops waiting at once when the execution is cancelled', async () => {
		simulator().settings.taskDurationMs = 120_000;

		// cancelled after 1 s; the first poll would come at 2 s; the harness watches 3 s more
		const result = await createAndWait([{ prompt: 'p' }, { prompt: 'q' }], { cancelAfterMs: 1000 });

		expect(result.cancelled).toBe(true);
		expect(simulator().requestsTo('create')).toHaveLength(2);
		expect(simulator().requestsTo('query')).toHaveLength(0);
	});

	it('without "continue", a run that stops waiting (the time limit) lists every task ID it created', async () => {
		simulator().settings.taskDurationMs = 60_000;

		const result = await createAndWait(
			Array.from({ length: 30 }, (_, index) => ({ prompt: `video ${index}` })),
			{ parameters: { waitOptions: { pollIntervalSeconds: 2, timeLimitMinutes: 0.1 } } },
		);

		expect(result.error?.message).toMatch(/did not finish within 6 seconds \(last status: \w+\)$/);
		const ids = [...simulator().tasks.keys()];
		expect(ids).toHaveLength(30);
		for (const id of ids) expect(result.error?.description).toContain(id);
	});
});

describe('Waiting against an odd host and a messy sheet', () => {
	it('checks once more at the time limit instead of giving up a fixed interval that would pass it', async () => {
		// checks every 4 s, limit 6 s, the task done at 5 s: the check at 6 s sees it
		simulator().settings.taskDurationMs = 5_000;
		const result = await createAndWait([{ prompt: 'p' }], {
			parameters: { waitOptions: { pollIntervalSeconds: 4, timeLimitMinutes: 0.1 } },
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({ status: 'completed' });
		expect(simulator().requestsTo('query')).toHaveLength(2);
	});

	it('ends a check whose answer trickles in for ever, closes its connection, and keeps to the time limit', async () => {
		simulator().settings.taskDurationMs = 60_000;
		simulator().answerNext(
			'query',
			{ status: 200, body: { id: 'x', status: 'processing' }, trickleMs: 200 },
			100,
		);
		const started = clock.now();
		const result = await createAndWait([{ prompt: 'p' }], {
			parameters: { waitOptions: { pollIntervalSeconds: 2, timeLimitMinutes: 0.1 } },
		});
		const wallMs = clock.now() - started;

		expect(result.error?.message).toMatch(
			/^Item 1: Task veo3\.1-fast:[\w-]+ did not finish within 6 seconds \(the last check was not answered in time\)$/,
		);
		// the check at 2 s waits 5 s at the most: the wait ends about 1 s past its limit, not never
		expect(wallMs).toBeLessThan(12_000);
		expect(simulator().requestsTo('query')).toHaveLength(1);
		// the connection is closed by the node, not left trickling (the close reaches the host soon after)
		for (let waited = 0; simulator().trickles.open > 0 && waited < 3000; waited += 100) {
			await sleep(100);
		}
		expect(simulator().trickles).toEqual({ open: 0, abandoned: 1 });
	});

	it('gives up a slow answer near the limit soon after the limit, not a minute later', async () => {
		simulator().settings.taskDurationMs = 60_000;
		// the check at 4 s is answered only at 34 s
		simulator().answerNext('query', { status: 200, delayMs: 30_000 }, 10);
		const started = clock.now();
		const result = await createAndWait([{ prompt: 'p' }], {
			parameters: { waitOptions: { pollIntervalSeconds: 4, timeLimitMinutes: 0.1 } },
		});
		const wallMs = clock.now() - started;

		expect(result.error?.message).toMatch(
			/did not finish within 6 seconds \(the last check was not answered in time\)$/,
		);
		expect(wallMs).toBeLessThan(14_000);
	});

	it('refuses a status answer of megabytes (no status is that long) with a clear error', async () => {
		simulator().settings.taskDurationMs = 60_000;
		simulator().answerNext('query', {
			status: 200,
			body: { id: 'x', status: 'processing', padding: 'x'.repeat(17 * 1024 * 1024) },
		});
		const result = await createAndWait([{ prompt: 'p' }]);

		expect(result.error?.message).toMatch(
			/^Item 1: Checking task veo3\.1-fast:[\w-]+: QuickRouter's answer is an answer larger than 16384 KB, not a task's status$/,
		);
		expect(simulator().requestsTo('query')).toHaveLength(1);
	});

	it('pauses between checks refused with "Retry-After: 0", and says so when the limit ends the wait', async () => {
		simulator().settings.taskDurationMs = 60_000;
		simulator().answerNext(
			'query',
			{
				status: 429,
				body: apiError('slow down', 'rate_limit_error'),
				headers: { 'Retry-After': '0' },
			},
			1_000,
		);
		const result = await createAndWait([{ prompt: 'p' }], {
			parameters: { waitOptions: { pollIntervalSeconds: 2, timeLimitMinutes: 0.1 } },
		});
		// 6 s at one check per 2 s at the most (and one at the limit), not hundreds
		expect(simulator().requestsTo('query').length).toBeLessThanOrEqual(4);
		expect(result.error?.message).toMatch(
			/did not finish within 6 seconds \(the last \d+ checks were turned away \(429\)\)/,
		);
	});

	it('takes "auto" for Check Every (an agent\'s or a sheet\'s word for Auto), and says what else it takes', async () => {
		simulator().settings.taskDurationMs = 3_000;
		const run = async (pollIntervalSeconds: string) =>
			await runQuickRouter({
				parameters: {
					resource: 'video',
					operation: 'create',
					prompt: 'p',
					waitForCompletion: true,
					waitOptions: { pollIntervalSeconds },
				},
				items: [{}],
				credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
			});

		const auto = await run(' Auto ');
		expect(auto.error).toBeUndefined();
		expect(auto.outputs[0][0].json).toMatchObject({ status: 'completed' });

		const createsBefore = simulator().requestsTo('create').length;
		const refused = await run('10s');
		expect(refused.error?.message).toBe(
			'Item 1: Waiting Options › Check Every (Seconds) must be a number of seconds, or empty for the default',
		);
		expect(simulator().requestsTo('create')).toHaveLength(createsBefore);
	});

	it('reads a status word with spaces or capitals around it (" Completed ")', async () => {
		const [created] = (
			await createAndWait([{ prompt: 'p' }], { parameters: { waitForCompletion: false } })
		).outputs[0];
		simulator().answerNext('query', {
			status: 200,
			body: { id: created.json.id, status: ' Completed ', video_url: 'https://cdn.example/v.mp4' },
		});
		const result = await runQuickRouter({
			parameters: { resource: 'video', operation: 'get', taskId: String(created.json.id) },
			items: [{}],
			credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({
			status: 'completed',
			videoUrl: 'https://cdn.example/v.mp4',
		});
	});

	it('ends the wait on "Done" with a link; says which word it did not know, or that a completed answer had no link', async () => {
		const waitFor = async (status: string, videoUrl?: string) => {
			// each run with only its own answers
			simulator().reset();
			simulator().settings.taskDurationMs = 60_000;
			simulator().answerNext(
				'query',
				{
					status: 200,
					body: (request: RecordedRequest) => ({
						id: request.query.id,
						status,
						...(videoUrl ? { video_url: videoUrl } : {}),
					}),
				},
				10,
			);
			return await createAndWait([{ prompt: 'p' }], {
				parameters: { waitOptions: { pollIntervalSeconds: 2, timeLimitMinutes: 0.1 } },
			});
		};

		const done = await waitFor('Done', 'https://cdn.example/v.mp4');
		expect(done.error).toBeUndefined();
		expect(done.outputs[0][0].json).toMatchObject({ status: 'completed' });

		const unknown = await waitFor('baking');
		expect(unknown.error?.message).toMatch(
			/did not finish within 6 seconds \(last status: "baking", a status this node does not know\)$/,
		);

		const noLink = await waitFor('completed');
		expect(noLink.error?.message).toMatch(
			/did not finish within 6 seconds \(last status: completed, but the answer gives no video link\)$/,
		);
	});

	it('refuses a task answer that is a JSON list, with or without waiting', async () => {
		const [created] = (
			await createAndWait([{ prompt: 'p' }], { parameters: { waitForCompletion: false } })
		).outputs[0];
		for (const waitForCompletion of [true, false]) {
			simulator().answerNext('query', {
				status: 200,
				body: [{ id: created.json.id, status: 'processing' }],
			});
			const result = await runQuickRouter({
				parameters: {
					resource: 'video',
					operation: 'get',
					taskId: String(created.json.id),
					waitForCompletion,
				},
				items: [{}],
				credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
			});
			expect(result.error?.message).toBe(
				'Item 1: QuickRouter answered with a list instead of the task',
			);
		}
	});

	it('takes numbers as text and blank cells from a sheet for the waiting and concurrency settings', async () => {
		simulator().settings.taskDurationMs = 1_000;
		const result = await createAndWait(
			[{ prompt: 'p', every: ' 2 ', perSecond: '5', limit: '', creates: '3' }],
			{
				parameters: {
					options: { maxConcurrentCreates: '={{ $json.creates }}', maxAttempts: '={{ "" }}' },
					waitOptions: {
						pollIntervalSeconds: '={{ $json.every }}',
						maxChecksPerSecond: '={{ $json.perSecond }}',
						timeLimitMinutes: '={{ $json.limit }}',
					},
				},
			},
		);
		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({ status: 'completed' });
	});

	it('names Max Checks per Second (not its internal name) when it is wrong', async () => {
		const result = await runQuickRouter({
			parameters: {
				resource: 'video',
				operation: 'create',
				prompt: 'p',
				waitForCompletion: true,
				waitOptions: { maxChecksPerSecond: '={{ 0 }}' },
			},
			items: [{}],
			credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
		});
		expect(result.error?.message).toBe(
			'Item 1: Waiting Options › Max Checks per Second must be at least 0.1 (one check every 10 seconds)',
		);
		expect(simulator().requestsTo('create')).toHaveLength(0);
	});
});
