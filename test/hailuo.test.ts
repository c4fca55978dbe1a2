import type { INodeParameters } from 'n8n-workflow';

import { runQuickRouter } from './harness/engine';
import { errorOf } from './harness/errorItems';
import { familyRuns } from './harness/familyRuns';
import { useSimulator } from './useSimulator';

/**
 * MiniMax's Hailuo through the family seam, in n8n's engine against the simulator's MiniMax
 * routes (written from the API facts apart from the catalogue): its bodies, its documented rules
 * refused before any request, its answers with two status fields and two download links, its
 * refusals in a success's shape, and Get.
 */

const simulator = useSimulator();

const { create, get, credentials } = familyRuns(simulator, {
	model: 'MiniMax-Hailuo-02',
	prompt: 'a heron landing on a misty lake [Pan left]',
});

const creates = () => simulator().requestsTo('hailuoCreate');
const waitAndDownload = {
	waitForCompletion: true,
	simplify: true,
	download: true,
	waitOptions: { pollIntervalSeconds: 2 },
};

describe('Hailuo: the bodies it sends', () => {
	it('text to video: the model and prompt, nothing it was not given', async () => {
		const result = await create({});

		expect(result.error).toBeUndefined();
		const [request] = creates();
		expect(request.path).toBe('/minimax/v1/video_generation');
		expect(request.body).toEqual({
			model: 'MiniMax-Hailuo-02',
			prompt: 'a heron landing on a misty lake [Pan left]',
		});
		expect(result.outputs[0][0].json.id).toMatch(/^hailuo:\d+$/);
	});

	it('02 from a first and last frame, with its options: the optimizer sent only when off', async () => {
		const result = await create({
			firstFrameUrl: 'https://img.example/first.jpg',
			lastFrameUrl: 'https://img.example/last.jpg',
			options: {
				hailuoDuration: 10,
				hailuoResolution: '768P',
				promptOptimizer: false,
				addWatermark: true,
			},
		});

		expect(result.error).toBeUndefined();
		expect(creates()[0].body).toEqual({
			model: 'MiniMax-Hailuo-02',
			prompt: 'a heron landing on a misty lake [Pan left]',
			first_frame_image: 'https://img.example/first.jpg',
			last_frame_image: 'https://img.example/last.jpg',
			duration: 10,
			resolution: '768P',
			prompt_optimizer: false,
			aigc_watermark: true,
		});
	});

	it('a messy sheet: "6 s", "1080p", the model by its name, switches written "yes" and "FALSE"', async () => {
		const result = await create(
			{
				model: '={{ $json.model }}',
				firstFrameUrl: '={{ $json.frame }}',
				options: {
					hailuoDuration: '={{ $json.seconds }}',
					hailuoResolution: '={{ $json.resolution }}',
					promptOptimizer: '={{ $json.optimize }}',
					addWatermark: '={{ $json.mark }}',
				},
			},
			[
				{
					model: 'hailuo 2.3 fast',
					frame: ' https://img.example/f.jpg ',
					seconds: '6 s',
					resolution: '1080p',
					optimize: 'FALSE',
					mark: 'yes',
				},
			],
		);

		expect(result.error).toBeUndefined();
		expect(creates()[0].body).toEqual({
			model: 'MiniMax-Hailuo-2.3-Fast',
			prompt: 'a heron landing on a misty lake [Pan left]',
			first_frame_image: 'https://img.example/f.jpg',
			duration: 6,
			resolution: '1080P',
			prompt_optimizer: false,
			aigc_watermark: true,
		});
	});
});

describe('Hailuo: its documented rules are refused before any request, naming item and field', () => {
	const fromSheet = (model: string) => `={{ "${model}" }}`;
	it.each<[string, INodeParameters, RegExp]>([
		[
			'10 seconds at 1080P',
			{ options: { hailuoDuration: 10, hailuoResolution: '1080P' } },
			/^Item 1: Options › Duration is 10 seconds, which Hailuo makes at 768P only, not at Options › Resolution 1080P: choose 6 seconds, or 768P$/,
		],
		[
			'a last frame on 2.3 (02 only), the model from a sheet',
			{
				model: fromSheet('MiniMax-Hailuo-2.3'),
				firstFrameUrl: 'https://img.example/first.jpg',
				lastFrameUrl: 'https://img.example/last.jpg',
			},
			/^Item 1: Last Frame URL is not taken by MiniMax-Hailuo-2\.3: it is for .*MiniMax-Hailuo-02/,
		],
		[
			'2.3 Fast without a first frame',
			{ model: 'MiniMax-Hailuo-2.3-Fast' },
			/^Item 1: First Frame URL is empty: MiniMax-Hailuo-2\.3-Fast makes its video from it/,
		],
		[
			'a prompt of 2,001 characters',
			{ prompt: 'a'.repeat(2001) },
			/^Item 1: Prompt has 2001 characters: Hailuo takes up to 2000$/,
		],
		[
			'a duration Hailuo does not make',
			{ options: { hailuoDuration: '={{ 8 }}' } },
			/^Item 1: Options › Duration must be 6 or 10 \(seconds\), not 8$/,
		],
	])('%s', async (_, parameters, message) => {
		const result = await create(parameters);

		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(/Nothing was sent to QuickRouter for this item/);
		expect(simulator().requests).toHaveLength(0);
	});

	it('a prompt of exactly 2,000 characters is sent', async () => {
		const result = await create({ prompt: 'b'.repeat(2000) });

		expect(result.error).toBeUndefined();
		expect(creates()).toHaveLength(1);
	});
});

describe('Hailuo: its answers', () => {
	beforeEach(() => {
		simulator().settings.taskDurationMs = 3_000;
	});

	it('creates, waits and downloads: both status fields read, the flat task and the video', async () => {
		const result = await create(waitAndDownload);

		expect(result.error).toBeUndefined();
		const [item] = result.outputs[0];
		expect(item.json).toMatchObject({
			id: expect.stringMatching(/^hailuo:\d+$/),
			status: 'completed',
			progress: 100,
			videoUrl: expect.stringMatching(/\.mp4$/),
			backupVideoUrl: expect.stringMatching(/-backup\.mp4$/),
			model: 'MiniMax-Hailuo-02',
			error: null,
		});
		expect(item.binary?.data?.mimeType).toBe('video/mp4');
		const [lookup] = simulator().requestsTo('hailuoQuery');
		expect(lookup.query).toEqual({ task_id: String(item.json.id).split(':')[1] });
		const videos = simulator()
			.requestsTo('video')
			.map((request) => request.path);
		expect(videos).toEqual([expect.not.stringMatching(/backup/)]);
	});

	it('the download link has expired: the backup link brings the video', async () => {
		simulator().settings.hailuoExpiredLinks = 'primary';
		const result = await create(waitAndDownload);

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].binary?.data?.mimeType).toBe('video/mp4');
		const videos = simulator().requests.filter((request) => /\.mp4$/.test(request.path));
		expect(videos.map((request) => request.path)).toEqual([
			expect.stringMatching(/\/expired\/videos\//),
			expect.stringMatching(/-backup\.mp4$/),
		]);
	});

	it('both links fail: the error says the video could not be downloaded, and keeps the task ID', async () => {
		simulator().settings.hailuoExpiredLinks = 'both';
		const result = await create(waitAndDownload, [{}], { onError: 'continueErrorOutput' });

		const [errorItem] = result.outputs[1];
		expect(String(errorOf(errorItem.json)?.message)).toMatch(
			/^Item 1: Could not download the video of task hailuo:\d+ \(HTTP 403\)/,
		);
	});

	it("a failed task fails its item with MiniMax's reason", async () => {
		simulator().settings.failureFor = () => 'Sensitive content in the first frame';
		const result = await create({ ...waitAndDownload, download: false });

		expect(result.error?.message).toMatch(
			/^Item 1: Task hailuo:\d+ failed: Sensitive content in the first frame$/,
		);
	});

	it.each<[number, string, RegExp, boolean]>([
		[
			1008,
			'insufficient balance',
			/^Item 1: Your QuickRouter balance is too low: insufficient balance \(status_code 1008 in a success answer\)$/,
			false,
		],
		[
			2013,
			'invalid params, duration',
			/^Item 1: QuickRouter rejected the request: invalid params, duration \(status_code 2013 in a success answer\)$/,
			false,
		],
		[
			1013,
			'internal service error',
			/^Item 1: QuickRouter failed on its side \(status_code 1013 in a success answer\): internal service error$/,
			true,
		],
	])(
		'status_code %i in a success ("%s"): met as the failure it stands for, sent once',
		async (code, said, message, mayExist) => {
			simulator().answerNext('hailuoCreate', {
				status: 200,
				body: { task_id: '', base_resp: { status_code: code, status_msg: said } },
			});
			const result = await create({}, [{}], {
				onError: 'continueErrorOutput',
				parameters: {
					resource: 'video',
					operation: 'create',
					model: 'MiniMax-Hailuo-02',
					prompt: 'p',
					options: { maxAttempts: 5 },
				},
			});

			const [errorItem] = result.outputs[1];
			expect(String(errorOf(errorItem.json)?.message)).toMatch(message);
			expect(errorItem.json.error).toMatchObject({ taskMayExist: mayExist });
			expect(creates()).toHaveLength(1);
		},
	);

	it('a refusal in a success with an empty data object beside it (status_code 1008): still the balance, nothing made', async () => {
		simulator().answerNext('hailuoCreate', {
			status: 200,
			body: {
				task_id: '',
				data: {},
				base_resp: { status_code: 1008, status_msg: 'insufficient balance' },
			},
		});
		const result = await create({}, [{}], { onError: 'continueErrorOutput' });

		const [errorItem] = result.outputs[1];
		expect(String(errorOf(errorItem.json)?.message)).toMatch(
			/^Item 1: Your QuickRouter balance is too low/,
		);
		expect(errorItem.json.error).toMatchObject({ taskMayExist: false });
	});

	it('status_code 1002 in a success (rate limit): nothing made, sent again by Max Attempts', async () => {
		simulator().answerNext('hailuoCreate', {
			status: 200,
			body: { task_id: '', base_resp: { status_code: 1002, status_msg: 'rate limit exceeded' } },
		});
		const result = await create({});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json.id).toMatch(/^hailuo:\d+$/);
		expect(creates()).toHaveLength(2);
	});
});

describe('Hailuo: answers a hostile host or an odd relay may give (a review)', () => {
	beforeEach(() => {
		simulator().settings.taskDurationMs = 3_000;
	});

	it('a lookup turned away in a success (status_code 1002, rate limit): the wait goes on to the video', async () => {
		simulator().answerNext('hailuoQuery', {
			status: 200,
			body: { base_resp: { status_code: 1002, status_msg: 'rate limit exceeded' } },
		});

		const result = await create({ ...waitAndDownload, download: false });

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({ status: 'completed' });
	});

	it('a lookup answer that names another task is not taken for this one', async () => {
		simulator().settings.taskDurationMs = 0;
		const id = String((await create({})).outputs[0][0].json.id);
		simulator().answerNext(
			'hailuoQuery',
			{
				status: 200,
				body: {
					code: 'success',
					data: {
						task_id: '111111111111111',
						status: 'SUCCESS',
						data: { file: { download_url: 'https://v.example/other.mp4' }, status: 'Success' },
					},
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
			/^Item 1: QuickRouter answered with another task \("111111111111111"\) than the one asked for$/,
		);
	});

	it('a download link holding the API key on another host: refused as such, the backup not tried in its place', async () => {
		simulator().settings.taskDurationMs = 0;
		const id = String((await create({})).outputs[0][0].json.id);
		const digits = id.split(':')[1];
		simulator().answerNext('hailuoQuery', {
			status: 200,
			body: {
				code: 'success',
				data: {
					task_id: digits,
					status: 'SUCCESS',
					data: {
						status: 'Success',
						file: {
							download_url: `https://cdn.example/v.mp4?key=${simulator().apiKey}`,
							backup_download_url: `${simulator().url}/videos/${digits}-backup.mp4`,
						},
					},
				},
			},
		});

		const result = await runQuickRouter({
			parameters: { resource: 'video', operation: 'get', taskId: id, download: true },
			items: [{}],
			credentials: credentials(),
		});

		expect(result.error?.message).toMatch(/holds your API key and points at another address/);
		expect(JSON.stringify(result.error)).not.toContain(simulator().apiKey);
		expect(simulator().requests.filter((request) => /backup/.test(request.path))).toHaveLength(0);
	});

	it('a prompt of 2,000 emoji is 2,000 characters, as a person counts them', async () => {
		const result = await create({ prompt: '🎬'.repeat(2000) });

		expect(result.error).toBeUndefined();
		expect(creates()).toHaveLength(1);
	});
});

describe('Hailuo: never paid twice', () => {
	it('a create whose answer was lost after the task was made (500): the error says it may exist, and Retry On Fail does not send it again', async () => {
		simulator().answerNext('hailuoCreate', { status: 500, afterCreate: true });
		const result = await create({}, [{}], {
			onError: 'continueErrorOutput',
			settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
		});

		expect(errorOf(result.outputs[1][0].json)).toMatchObject({ taskMayExist: true });
		expect(simulator().requestsTo('hailuoCreate')).toHaveLength(1);
		expect(simulator().tasks.size).toBe(1);
	});

	it('turned away with 429 before anything was made: sent again, one task', async () => {
		simulator().answerNext('hailuoCreate', { status: 429, headers: { 'retry-after': '1' } });
		const result = await create({});

		expect(result.error).toBeUndefined();
		expect(simulator().requestsTo('hailuoCreate')).toHaveLength(2);
		expect(simulator().tasks.size).toBe(1);
	});
});

describe('Hailuo: Get', () => {
	it("by the node's ID, and by a bare ID with its family chosen", async () => {
		simulator().settings.taskDurationMs = 0;
		const id = String((await create({})).outputs[0][0].json.id);

		const byId = await get(id, { simplify: true });
		const byBare = await get(id.split(':')[1], { bareIdFamily: 'hailuo', simplify: true });

		expect(byId.outputs[0][0].json).toMatchObject({ id, status: 'completed' });
		expect(byBare.outputs[0][0].json).toMatchObject({ id, status: 'completed' });
	});

	it('a task MiniMax does not know: its own words in the error', async () => {
		const result = await get('hailuo:123456789012345');

		expect(result.error?.message).toMatch(/^Item 1: .*task not found/);
	});
});
