import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runQuickRouter } from './harness/engine';
import { errorOf } from './harness/errorItems';
import type { RecordedRequest } from './simulator/server';
import { familyRuns } from './harness/familyRuns';
import { useSimulator } from './useSimulator';

/**
 * Seedance through the family seam, in n8n's engine against the simulator's Seedance routes
 * (written from the API facts apart from the catalogue): 2.0's content items and body fields,
 * 1.x's settings as commands in the prompt, refusals before any request, answers, Get, and the
 * status checks of many waiting 1.x tasks that go together in one lookup.
 */

const simulator = useSimulator();

const SEEDANCE_2 = 'doubao-seedance-2-0-260128';
const SEEDANCE_1 = 'doubao-seedance-1-5-pro-251215';

const { create, get, credentials } = familyRuns(simulator, {
	model: SEEDANCE_2,
	prompt: 'a kite over the dunes',
});

const creates = () => simulator().requestsTo('seedanceCreate');
const batchLookups = () => simulator().requestsTo('seedanceBatchQuery');

describe('Seedance: the bodies it sends', () => {
	it('2.0: the prompt and each image, video and audio as content items with their roles; its settings as body fields', async () => {
		const result = await create({
			aspectRatio: '21:9',
			firstFrameUrl: 'https://img.example/first.jpg',
			lastFrameUrl: 'https://img.example/last.jpg',
			images: ['https://img.example/a.jpg, https://img.example/b.jpg'],
			options: {
				seedanceDuration: 8,
				generateAudio: false,
				referenceVideoUrl: 'https://vid.example/motion.mp4',
				referenceAudioUrl: 'https://aud.example/voice.mp3',
				addWatermark: true,
			},
		});

		expect(result.error).toBeUndefined();
		const [request] = creates();
		expect(request.path).toBe('/api/v3/contents/generations/tasks');
		expect(request.body).toEqual({
			model: SEEDANCE_2,
			content: [
				{ type: 'text', text: 'a kite over the dunes' },
				{
					type: 'image_url',
					image_url: { url: 'https://img.example/first.jpg' },
					role: 'first_frame',
				},
				{
					type: 'image_url',
					image_url: { url: 'https://img.example/last.jpg' },
					role: 'last_frame',
				},
				{
					type: 'image_url',
					image_url: { url: 'https://img.example/a.jpg' },
					role: 'reference_image',
				},
				{
					type: 'image_url',
					image_url: { url: 'https://img.example/b.jpg' },
					role: 'reference_image',
				},
				{
					type: 'video_url',
					video_url: { url: 'https://vid.example/motion.mp4' },
					role: 'reference_video',
				},
				{
					type: 'audio_url',
					audio_url: { url: 'https://aud.example/voice.mp3' },
					role: 'reference_audio',
				},
			],
			ratio: '21:9',
			duration: 8,
			generate_audio: false,
			watermark: true,
		});
		expect(result.outputs[0][0].json.id).toMatch(/^seedance-2:cgt-[\w-]+$/);
	});

	it('1.5 Pro: its settings written into the prompt as Volcengine commands, the frames as content items', async () => {
		const result = await create({
			model: SEEDANCE_1,
			aspectRatio: '9:16',
			firstFrameUrl: 'https://img.example/first.jpg',
			options: { seedanceDuration: 10, addWatermark: true },
		});

		expect(result.error).toBeUndefined();
		const [request] = creates();
		expect(request.path).toBe('/volc/v1/contents/generations/tasks');
		expect(request.body).toEqual({
			model: SEEDANCE_1,
			content: [
				{ type: 'text', text: 'a kite over the dunes --ratio 9:16 --dur 10 --wm true' },
				{
					type: 'image_url',
					image_url: { url: 'https://img.example/first.jpg' },
					role: 'first_frame',
				},
			],
		});
		expect(result.outputs[0][0].json.id).toMatch(/^seedance-1:cgt-[\w-]+$/);
	});

	it('a messy sheet: the model by its name, the ratio as the editor names it, "8 s", a Kling row beside', async () => {
		const result = await create(
			{
				model: '={{ $json.model }}',
				aspectRatio: '={{ $json.ratio }}',
				options: { seedanceDuration: '={{ $json.seconds }}' },
			},
			[
				{ model: ' Seedance 1.5 Pro ', ratio: '16:9 (Landscape)', seconds: '8 s' },
				{ model: 'kling-v2-6', ratio: '1:1', seconds: '' },
			],
		);

		expect(result.error).toBeUndefined();
		expect((creates()[0].body as IDataObject).content).toEqual([
			{ type: 'text', text: 'a kite over the dunes --ratio 16:9 --dur 8' },
		]);
		expect(simulator().requestsTo('klingCreate')[0].body).toMatchObject({ aspect_ratio: '1:1' });
		expect(simulator().requestsTo('klingCreate')[0].body).not.toHaveProperty('duration');
	});
});

describe('Seedance: wrong rows are refused before any request, naming item and field', () => {
	it.each<[string, INodeParameters, RegExp]>([
		[
			'a reference video for 1.5 Pro (2.0 only), the model from a sheet',
			{
				model: `={{ "${SEEDANCE_1}" }}`,
				options: { referenceVideoUrl: 'https://vid.example/v.mp4' },
			},
			/^Item 1: Options › Reference Video URL is not taken by doubao-seedance-1-5-pro-251215: it is for doubao-seedance-2-0-260128 and doubao-seedance-2-0-fast-260128/,
		],
		[
			'a duration of 13 seconds',
			{ options: { seedanceDuration: 13 } },
			/^Item 1: Options › Duration \(Seconds\) must be 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 or 12 \(seconds\), not 13/,
		],
		[
			'an aspect ratio Seedance does not make',
			{ aspectRatio: '2:3' },
			/^Item 1: Aspect Ratio 2:3 is only available with Grok models, not doubao-seedance-2-0-260128: choose 16:9, 4:3, 1:1, 3:4, 9:16 or 21:9/,
		],
		[
			'a last frame without a first',
			{ lastFrameUrl: 'https://img.example/last.jpg' },
			/^Item 1: Last Frame URL needs a First Frame URL too/,
		],
		[
			'a 1.5 Pro prompt that writes its own duration while Duration is set',
			{ model: SEEDANCE_1, prompt: 'a kite --dur 10', options: { seedanceDuration: 5 } },
			/^Item 1: Prompt holds "--dur" while Options › Duration \(Seconds\) is set: the node writes it into doubao-seedance-1-5-pro-251215's prompt as "--dur 5"/,
		],
	])('%s', async (_, parameters, message) => {
		const result = await create(parameters);

		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(/Nothing was sent to QuickRouter for this item/);
		expect(simulator().requests).toHaveLength(0);
	});

	it("a 1.5 Pro prompt may hold Volcengine's other commands, and its own when the field is unset", async () => {
		const result = await create({ model: SEEDANCE_1, prompt: 'a kite --seed 42 --dur 6' });

		expect(result.error).toBeUndefined();
		expect((creates()[0].body as IDataObject).content).toEqual([
			{ type: 'text', text: 'a kite --seed 42 --dur 6' },
		]);
	});
});

describe('Seedance: its answers', () => {
	it('2.0: creates, waits and downloads, each check on its own lookup', async () => {
		simulator().settings.taskDurationMs = 3_000;
		const result = await create({
			waitForCompletion: true,
			simplify: true,
			download: true,
			waitOptions: { pollIntervalSeconds: 2 },
		});

		expect(result.error).toBeUndefined();
		const [item] = result.outputs[0];
		expect(item.json).toMatchObject({
			id: expect.stringMatching(/^seedance-2:cgt-[\w-]+$/),
			status: 'completed',
			progress: 100,
			videoUrl: expect.stringMatching(/\.mp4$/),
			model: SEEDANCE_2,
			error: null,
			statusUpdatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});
		expect(item.binary?.data?.mimeType).toBe('video/mp4');
		const lookups = simulator().requestsTo('seedanceQuery');
		expect(lookups.length).toBeGreaterThan(0);
		expect(lookups[0].path).toBe(
			`/api/v3/contents/generations/tasks/${String(item.json.id).split(':')[1]}`,
		);
		expect(batchLookups()).toHaveLength(0);
	});

	it("a failed task fails its item with Seedance's reason", async () => {
		simulator().settings.failureFor = () => 'The prompt breaks the content rules';
		const result = await create({
			model: SEEDANCE_1,
			waitForCompletion: true,
			waitOptions: { pollIntervalSeconds: 2 },
		});

		expect(result.error?.message).toMatch(
			/^Item 1: Task seedance-1:cgt-[\w-]+ failed: The prompt breaks the content rules$/,
		);
	});

	it('40 waiting 1.5 Pro tasks: checked together, each request naming many of them, every row its own video', async () => {
		simulator().settings.taskDurationMs = 6_000;
		const rows = Array.from({ length: 40 }, (_, row) => ({ prompt: `kite number ${row}` }));
		const result = await create(
			{
				model: SEEDANCE_1,
				prompt: '={{ $json.prompt }}',
				waitForCompletion: true,
				simplify: true,
			},
			rows,
		);

		expect(result.error).toBeUndefined();
		const tasks = result.outputs[0].map((item) => item.json);
		expect(tasks.map((task) => task.status)).toEqual(Array(40).fill('completed'));
		expect(new Set(tasks.map((task) => task.id)).size).toBe(40);
		// each row's answer is its own task's
		for (const [row, task] of tasks.entries()) {
			const made = simulator().tasks.get(String(task.id).split(':')[1]);
			expect(made?.input.prompt).toBe(`kite number ${row}`);
		}
		const lookups = batchLookups();
		// far fewer requests than tasks, however the checks fell
		expect(lookups.length).toBeLessThanOrEqual(12);
		for (const lookup of lookups) {
			const ids = lookup.query['filter.task_ids'].split(',');
			expect(ids.length).toBeLessThanOrEqual(50);
			// Volcengine pages a list at 10 unless told
			expect(Number(lookup.query.page_size)).toBe(ids.length);
		}
		expect(simulator().requestsTo('seedanceQuery')).toHaveLength(0);
	});

	it('a list that leaves a task out (a relay paging at 10 whatever it is told): that task is looked up alone', async () => {
		simulator().settings.taskDurationMs = 0;
		simulator().answerNext('seedanceBatchQuery', { status: 200, body: { items: [], total: 0 } });
		const result = await create(
			{
				model: SEEDANCE_1,
				prompt: '={{ $json.prompt }}',
				waitForCompletion: true,
				simplify: true,
				waitOptions: { pollIntervalSeconds: 2 },
			},
			[{ prompt: 'one' }, { prompt: 'two' }],
		);

		expect(result.error).toBeUndefined();
		expect(result.outputs[0].map((item) => item.json.status)).toEqual(['completed', 'completed']);
		const lookups = batchLookups().map((lookup) => lookup.query['filter.task_ids'].split(','));
		expect(lookups[0]).toHaveLength(2);
		expect(lookups.slice(1).map((ids) => ids.length)).toEqual([1, 1]);
	});

	it('a lookup of many refused for good: each row meets its own error, as its own lookup gives it', async () => {
		simulator().settings.taskDurationMs = 0;
		const refusal = {
			status: 400,
			body: { error: { code: 'InvalidParameter', message: 'filter.task_ids is not valid' } },
		};
		simulator().answerNext('seedanceBatchQuery', refusal, 3);
		const result = await create(
			{
				model: SEEDANCE_1,
				prompt: '={{ $json.prompt }}',
				waitForCompletion: true,
				waitOptions: { pollIntervalSeconds: 2 },
			},
			[{ prompt: 'one' }, { prompt: 'two' }],
			{ onError: 'continueErrorOutput' },
		);

		const messages = result.outputs[1].map((item) => String(errorOf(item.json)?.message));
		expect(messages.sort()).toEqual([
			expect.stringMatching(
				/^Item 1: Checking task seedance-1:cgt-[\w-]+: .*filter\.task_ids is not valid/,
			),
			expect.stringMatching(
				/^Item 2: Checking task seedance-1:cgt-[\w-]+: .*filter\.task_ids is not valid/,
			),
		]);
		expect(creates()).toHaveLength(2);
	});
});

describe('Seedance: answers a hostile host or an odd relay may give (a review)', () => {
	const waitingRows = (count: number) =>
		create(
			{
				model: SEEDANCE_1,
				prompt: '={{ $json.prompt }}',
				waitForCompletion: true,
				simplify: true,
				waitOptions: { pollIntervalSeconds: 2 },
			},
			Array.from({ length: count }, (_, row) => ({ prompt: `row ${row}` })),
		);

	it("one task's answer to a lookup of many (not a list): no other row takes it, each is looked up alone", async () => {
		simulator().settings.taskDurationMs = 0;
		simulator().answerNext('seedanceBatchQuery', {
			status: 200,
			body: (request: RecordedRequest) => {
				const first = request.query['filter.task_ids'].split(',')[0];
				return {
					id: first,
					status: 'succeeded',
					content: { video_url: `https://v.example/${first}.mp4` },
				};
			},
		});

		const result = await waitingRows(3);

		expect(result.error).toBeUndefined();
		for (const { json } of result.outputs[0]) {
			expect(json.videoUrl).not.toContain('v.example');
		}
	});

	it("a listed task in a status not known here is that task's answer, not looked up again alone", async () => {
		simulator().settings.taskDurationMs = 0;
		simulator().answerNext('seedanceBatchQuery', {
			status: 200,
			body: (request: RecordedRequest) => ({
				items: request.query['filter.task_ids']
					.split(',')
					.map((id: string) => ({ id, status: 'paused' })),
			}),
		});

		const result = await waitingRows(4);

		expect(result.error).toBeUndefined();
		// the first request's paused tasks, then one request for all four again
		expect(
			batchLookups().map((lookup) => lookup.query['filter.task_ids'].split(',').length),
		).toEqual([4, 4]);
	});

	it('Get: an answer that names another task is not taken for this one', async () => {
		simulator().settings.taskDurationMs = 0;
		const id = String((await create({})).outputs[0][0].json.id);
		simulator().answerNext(
			'seedanceQuery',
			{
				status: 200,
				body: {
					id: 'cgt-20250101000000-other',
					status: 'succeeded',
					content: { video_url: 'https://v.example/other.mp4' },
				},
			},
			5,
		);

		const result = await runQuickRouter({
			parameters: { resource: 'video', operation: 'get', taskId: id },
			items: [{}],
			credentials: credentials(),
		});

		expect(result.error?.message).toMatch(
			/^Item 1: QuickRouter answered with another task \("cgt-20250101000000-other"\) than the one asked for$/,
		);
	});

	it('a 1.x lookup answered by a task that is in no list and names no task: not taken for this one', async () => {
		simulator().settings.taskDurationMs = 0;
		const id = String((await create({ model: SEEDANCE_1 })).outputs[0][0].json.id);
		simulator().answerNext(
			'seedanceBatchQuery',
			{
				status: 200,
				body: { status: 'succeeded', content: { video_url: 'https://v.example/same.mp4' } },
			},
			5,
		);

		const result = await get(id);

		expect(result.error?.message).toBe(`Item 1: QuickRouter's answer does not list the task ${id}`);
	});

	it('a cancelled task says it was cancelled', async () => {
		simulator().settings.taskDurationMs = 0;
		const id = String((await create({})).outputs[0][0].json.id);
		simulator().answerNext('seedanceQuery', {
			status: 200,
			body: { id: id.split(':')[1], status: 'cancelled', error: null },
		});

		const result = await runQuickRouter({
			parameters: { resource: 'video', operation: 'get', taskId: id, simplify: true },
			items: [{}],
			credentials: credentials(),
		});

		expect(result.outputs[0][0].json).toMatchObject({
			status: 'failed',
			error: 'The task was cancelled before it finished',
		});
	});
});

describe('Seedance: never paid twice', () => {
	it('a create whose answer was lost after the task was made (500): the error says it may exist, and Retry On Fail does not send it again', async () => {
		simulator().answerNext('seedanceCreate', { status: 500, afterCreate: true });
		const result = await create({}, [{}], {
			onError: 'continueErrorOutput',
			settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
		});

		expect(errorOf(result.outputs[1][0].json)).toMatchObject({ taskMayExist: true });
		expect(simulator().requestsTo('seedanceCreate')).toHaveLength(1);
		expect(simulator().tasks.size).toBe(1);
	});

	it('turned away with 429 before anything was made: sent again, one task', async () => {
		simulator().answerNext('seedanceCreate', { status: 429, headers: { 'retry-after': '1' } });
		const result = await create({});

		expect(result.error).toBeUndefined();
		expect(simulator().requestsTo('seedanceCreate')).toHaveLength(2);
		expect(simulator().tasks.size).toBe(1);
	});
});

describe('Seedance: Get', () => {
	beforeEach(() => {
		simulator().settings.taskDurationMs = 0;
	});

	it("a 1.5 Pro task by the node's ID: its lookup of many, asked for one", async () => {
		const made = await create({ model: SEEDANCE_1 });
		const id = String(made.outputs[0][0].json.id);

		const result = await get(id);

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({ id, status: 'completed' });
		expect(batchLookups()[0].query).toEqual({
			'filter.task_ids': id.split(':')[1],
			page_size: '1',
		});
	});

	it("a bare cgt- ID is Seedance 2.0's; with Seedance 1.x chosen, 1.x's", async () => {
		const two = String((await create({})).outputs[0][0].json.id).split(':')[1];
		const one = String((await create({ model: SEEDANCE_1 })).outputs[0][0].json.id).split(':')[1];

		const byTwo = await get(two);
		const byOne = await get(` ${one} `, { bareIdFamily: 'seedance-1' });

		expect(byTwo.outputs[0][0].json).toMatchObject({ id: two, status: 'completed' });
		expect(byOne.outputs[0][0].json).toMatchObject({
			id: `seedance-1:${one}`,
			status: 'completed',
		});
	});

	it('a list that does not hold the task: the error says so, the task is not taken for another', async () => {
		const made = await create({ model: SEEDANCE_1 });
		const id = String(made.outputs[0][0].json.id);
		const other = {
			id: 'cgt-20250101000000-other',
			status: 'succeeded',
			content: { video_url: 'https://v.example/x.mp4' },
		};
		simulator().answerNext(
			'seedanceBatchQuery',
			{ status: 200, body: { items: [other], total: 1 } },
			5,
		);

		const result = await get(id);

		expect(result.error?.message).toBe(`Item 1: QuickRouter's answer does not list the task ${id}`);
	});
});
