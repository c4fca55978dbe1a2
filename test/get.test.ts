import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runQuickRouter } from './harness/engine';
import type { ResultShape, ScriptedAnswer } from './simulator/server';
import { useSimulator } from './useSimulator';
import { clock } from '../nodes/QuickRouter/run/clock';

// Sora's answers carry progress and every result shape the query documents: the simulator serves
// Sora here, as for tasks made before OpenAI retired it
const simulator = useSimulator({ modelsWithoutChannel: [] });

const credentials = () => ({ apiKey: simulator().apiKey, baseUrl: simulator().url });

async function createTasks(prompts: string[]): Promise<string[]> {
	const result = await runQuickRouter({
		parameters: {
			resource: 'video',
			operation: 'create',
			model: 'sora-2',
			prompt: '={{ $json.prompt }}',
		},
		items: prompts.map((prompt) => ({ prompt })),
		credentials: credentials(),
	});
	expect(result.error).toBeUndefined();
	return result.outputs[0].map((item) => item.json.id as string);
}

async function get(items: IDataObject[], parameters: INodeParameters = {}) {
	return await runQuickRouter({
		parameters: { resource: 'video', operation: 'get', taskId: '={{ $json.id }}', ...parameters },
		items,
		credentials: credentials(),
	});
}

describe('Video > Get', () => {
	it('sends GET /v1/video/query with the task id, colon and all, as a query value', async () => {
		const [id] = await createTasks(['a cat']);
		simulator().reset();
		simulator().tasks.set(id, {
			id,
			input: { model: 'sora-2', prompt: 'a cat', size: 'small' },
			family: 'sora',
			status: 'pending',
			createdAt: clock.now(),
		});

		const result = await get([{ id }]);

		expect(result.error).toBeUndefined();
		const [request] = simulator().requestsTo('query');
		expect(request.query).toEqual({ id });
		expect(request.headers.authorization).toBe(`Bearer ${simulator().apiKey}`);
	});

	it.each<ResultShape>(['top-level', 'detail', 'generations'])(
		'a completed task with its video link %s gives the flat task',
		async (shape) => {
			simulator().settings.resultShape = shape;
			const [id] = await createTasks(['a cat']);

			const result = await get([{ id }]);

			expect(result.error).toBeUndefined();
			const [item] = result.outputs[0];
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(item.json).toEqual({
				id,
				status: 'completed',
				progress: 100,
				videoUrl: `${simulator().url}/videos/${encodeURIComponent(id)}.mp4`,
				error: null,
				statusUpdatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				model: 'sora-2',
				enhancedPrompt: null,
				thumbnailUrl:
					shape === 'top-level'
						? `${simulator().url}/thumbnails/${encodeURIComponent(id)}.jpg`
						: null,
			});
		},
	);

	it('a task in progress gives its progress in percent, and no video yet', async () => {
		simulator().settings.taskDurationMs = 60_000;
		const [id] = await createTasks(['a cat']);
		simulator().tasks.get(id)!.createdAt -= 30_000;

		const [item] = (await get([{ id }])).outputs[0];

		expect(item.json).toMatchObject({ id, status: 'processing', videoUrl: null, error: null });
		expect(item.json.progress).toBeGreaterThanOrEqual(50);
		expect(item.json.progress).toBeLessThan(60);
	});

	it('the documented pending example reads as processing at 93 %', async () => {
		simulator().answerNext('query', {
			status: 200,
			body: {
				id: 'sora-2:task_01k6x15vhrff09dkkqjrzwhm60',
				detail: {
					id: 'task_01k6x15vhrff09dkkqjrzwhm60',
					input: {
						size: 'small',
						model: 'sora-2',
						images: [],
						prompt: 'make animate',
						orientation: 'portrait',
					},
					status: 'pending',
					pending_info: {
						status: 'processing',
						progress_pct: 0.93,
						generations: [],
						width: 352,
						height: 640,
					},
				},
			},
		});

		const [item] = (await get([{ id: 'sora-2:task_01k6x15vhrff09dkkqjrzwhm60' }])).outputs[0];

		expect(item.json).toEqual({
			id: 'sora-2:task_01k6x15vhrff09dkkqjrzwhm60',
			status: 'processing',
			progress: 93,
			videoUrl: null,
			error: null,
			statusUpdatedAt: null,
			model: 'sora-2',
			enhancedPrompt: null,
			thumbnailUrl: null,
		});
	});

	it.each([
		[
			'succeeded with progress 0..100',
			{
				id: 'veo:task_1',
				status: 'succeeded',
				progress: 100,
				video_url: 'https://cdn.example/v.mp4',
			},
			{ status: 'completed', progress: 100, videoUrl: 'https://cdn.example/v.mp4' },
		],
		[
			'in_progress with progress 40',
			{ id: 'veo:task_1', status: 'in_progress', progress: 40 },
			{ status: 'processing', progress: 40, videoUrl: null },
		],
		[
			'detail.status completed (the Veo example)',
			{ id: 'veo:task_1', detail: { status: 'completed', video_url: 'https://cdn.example/x.mp4' } },
			{ status: 'completed', videoUrl: 'https://cdn.example/x.mp4' },
		],
		[
			'failed with an error object',
			{ id: 'sora-2:task_1', status: 'failed', error: { message: 'content policy' } },
			{ status: 'failed', error: 'content policy' },
		],
		[
			'error with a reason under detail',
			{ id: 'sora-2:task_1', detail: { status: 'error', failure_reason: 'real person detected' } },
			{ status: 'failed', error: 'real person detected' },
		],
		[
			'failed by pending_info while still pending on top',
			{
				id: 'sora-2:task_1',
				status: 'pending',
				detail: {
					status: 'pending',
					pending_info: { status: 'failed', failure_reason: 'the prompt was refused' },
				},
			},
			{ status: 'failed', error: 'the prompt was refused' },
		],
		[
			'a moderation result given as a list',
			{
				id: 'sora-2:task_1',
				status: 'failed',
				detail: {
					moderation_result: [{ category: 'violence', message: 'violent scene' }, 'minors'],
				},
			},
			{ status: 'failed', error: 'Refused by moderation: violent scene; minors' },
		],
		[
			'a completed Sora task with its video only at detail.url',
			{ id: 'sora-2:task_1', status: 'completed', detail: { url: 'https://cdn.example/s.mp4' } },
			{ status: 'completed', videoUrl: 'https://cdn.example/s.mp4' },
		],
		[
			'a completed Sora task with its video only at draft_info.downloadable_url',
			{
				id: 'sora-2:task_1',
				status: 'completed',
				detail: { draft_info: { downloadable_url: 'https://cdn.example/d.mp4' } },
			},
			{ status: 'completed', videoUrl: 'https://cdn.example/d.mp4' },
		],
		[
			'status time in seconds',
			{ id: 'sora-2:task_1', status: 'queued', status_update_time: 1762010677 },
			{ status: 'queued', statusUpdatedAt: '2025-11-01T15:24:37.000Z' },
		],
	])('reads %s', async (_name, answer, expected) => {
		simulator().answerNext('query', { status: 200, body: answer });

		const [item] = (await get([{ id: answer.id }])).outputs[0];

		expect(item.json).toMatchObject(expected);
	});

	it.each([
		['the documented error object', { error: { message: 'task not found', type: 'not_found' } }],
		["a relay's code and message", { code: 'not_found', message: 'task not found', data: null }],
	])('a 200 answer that is %s, not a task, is an error with its message', async (_name, answer) => {
		simulator().answerNext('query', { status: 200, body: answer });

		const result = await get([{ id: 'sora-2:task_1' }]);

		expect(result.error?.message).toBe(
			'Item 1: QuickRouter answered with an error instead of the task: task not found',
		);
	});

	it('keeps an answer of a shape it does not know as it came', async () => {
		const answer = { id: 'sora-2:task_1', state: 'mystery', payload: { a: 1 } };
		simulator().answerNext('query', { status: 200, body: answer });

		const [item] = (await get([{ id: 'sora-2:task_1' }])).outputs[0];

		expect(item.json).toEqual(answer);
	});

	it("refuses a status answer that names a whole other task (a cache that mixes answers up): that task's video is not taken for this one", async () => {
		simulator().answerNext('query', {
			status: 200,
			body: {
				id: 'sora-2:task_someoneelse',
				status: 'completed',
				video_url: 'https://cdn.example/not-yours.mp4',
			},
		});

		const result = await get([{ id: 'sora-2:task_1' }]);

		expect(result.error?.message).toBe(
			'Item 1: QuickRouter answered with another task ("sora-2:task_someoneelse") than the one asked for',
		);
		expect(result.outputs.flat()).toHaveLength(0);
	});

	it('gives up an answer that trickles in for ever after 30 s and asks again: Get ends, with the task', async () => {
		const [id] = await createTasks(['a cat']);
		simulator().answerNext(
			'query',
			{ status: 200, body: { id, status: 'processing' }, trickleMs: 200 },
			1,
		);
		const started = clock.now();

		const result = await get([{ id }]);

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({ id, status: 'completed' });
		expect(simulator().requestsTo('query')).toHaveLength(2);
		// 30 s for the answer that never ends, then a short backoff: not n8n's 300 s, not never
		expect(clock.now() - started).toBeLessThan(45_000);
	}, 60_000);

	it('with Simplify Output off, gives the raw answer', async () => {
		const [id] = await createTasks(['a cat']);

		const [item] = (await get([{ id }], { simplify: false })).outputs[0];

		expect(item.json).toMatchObject({ id, status: 'completed', detail: expect.any(Object) });
		expect(item.json).not.toHaveProperty('videoUrl');
	});

	it('an unknown task is a clear error; an empty or malformed ID is caught before any request', async () => {
		const missing = await get([{ id: 'sora-2:task_doesnotexist' }]);
		expect(missing.error?.message).toMatch(/Task not found/);

		simulator().reset();
		const empty = await get([{ id: 'sora-2:task_ok' }, { id: '' }]);
		expect(empty.error?.message).toMatch(/^Item 2: Task ID is empty/);
		const malformed = await get([{ id: 'not a task id' }]);
		expect(malformed.error?.message).toMatch(
			/^Item 1: Task ID must look like veo3.1-fast:1770350082-trii1OXZc3, grok:/,
		);
		expect(simulator().requests).toHaveLength(0);
	});

	it('looks up many tasks, in order, each paired with its item', async () => {
		const ids = await createTasks(['one', 'two', 'three']);

		const [main] = (await get(ids.map((id) => ({ id })))).outputs;

		expect(main.map((item) => item.json.id)).toEqual(ids);
		expect(main.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});

describe('Video > Get reads as RoutingNode would send it (a hostile review of the shared read)', () => {
	const ID = 'veo3.1-fast:1770350082-trii1OXZc3';
	const done = { id: ID, status: 'completed', video_url: 'https://cdn.example/v.mp4' };

	async function getScripted(
		answers: ScriptedAnswer[],
		parameters: INodeParameters = {},
		credentialFields: IDataObject = {},
	) {
		for (const answer of answers) simulator().answerNext('query', answer);
		return await runQuickRouter({
			parameters: { resource: 'video', operation: 'get', taskId: ID, ...parameters },
			items: [{}],
			credentials: { ...credentials(), ...credentialFields },
		});
	}

	it("keeps to the credential's Allowed HTTP Request Domains: another domain gets nothing, not even the key", async () => {
		const started = clock.now();
		const result = await getScripted(
			[],
			{},
			{
				allowedHttpRequestDomains: 'domains',
				allowedDomains: 'api.quickrouter.ai',
			},
		);

		expect(result.error?.message).toMatch(/^Item 1: Domain not allowed/);
		expect(simulator().requestsTo('query')).toHaveLength(0);
		// n8n refuses it again every time: not read again (four backoffs take 7.5 s at the least)
		expect(clock.now() - started).toBeLessThan(7000);
	});

	it('gives up on silence after Settings › Request Options › Timeout, and reads again', async () => {
		const result = await getScripted(
			[
				{ status: 200, realDelayMs: 2500, body: done },
				{ status: 200, body: done },
			],
			{
				requestOptions: { timeout: 1000 },
			},
		);

		expect(result.error).toBeUndefined();
		expect(simulator().requestsTo('query')).toHaveLength(2);
	});

	it('reads a task that echoes a large input (over a megabyte)', async () => {
		const result = await getScripted([
			{ status: 200, body: { ...done, detail: { input: { image: 'x'.repeat(1_100_000) } } } },
		]);

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({ id: ID, status: 'completed' });
	});

	it('reads JSON after a UTF-8 byte-order mark, as axios does', async () => {
		const result = await getScripted([
			{ status: 200, body: `\uFEFF${JSON.stringify(done)}`, contentType: 'application/json' },
		]);

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({ id: ID, status: 'completed' });
	});
});
