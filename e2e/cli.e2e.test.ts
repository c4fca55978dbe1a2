/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- e2e test */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { QuickRouterSimulator } from '../test/simulator/server';
import { SAMPLE_VIDEO, VideoHost } from '../test/simulator/videoHost';
import { N8nInstance, type ExecutionResult } from './n8n';
import { ensureToolchain, N8N_OLDEST_VERSION, N8N_VERSION, phase } from './toolchain';
import { CREDENTIAL, EXAMPLES, exampleWorkflow, quickRouterNode, rowsWorkflow } from './workflows';

function outputsOf(result: ExecutionResult, node = 'QuickRouter') {
	const [task] = result.data.resultData.runData[node] ?? [];
	return (task?.data?.main ?? []).map((items) => items ?? []);
}

// The CLI scenarios, in each n8n line the package is tested on (the newest 2.x and 1.x, the oldest
// supported), installed as a community package.
describe.each([N8N_VERSION, N8N_OLDEST_VERSION])(
	'in a real n8n %s, installed as a community package (n8n execute)',
	(version) => {
		let n8n: N8nInstance;
		let simulator: QuickRouterSimulator;
		let cdn: VideoHost;

		beforeAll(async () => {
			n8n = new N8nInstance(ensureToolchain(version), process.env.QUICKROUTER_E2E_TARBALL!);
			simulator = await QuickRouterSimulator.start({ taskDurationMs: 3000 });
			cdn = await VideoHost.start();
			simulator.settings.videoBaseUrl = cdn.url;
			await n8n.importCredentials([
				{
					...CREDENTIAL,
					type: 'quickRouterApi',
					data: { apiKey: simulator.apiKey, baseUrl: simulator.url },
				},
			]);
		});
		afterAll(async () => {
			await simulator?.stop();
			await cdn?.stop();
		});
		beforeEach(() => {
			simulator.reset();
			cdn.requests.length = 0;
			simulator.settings.taskDurationMs = 3000;
			simulator.settings.videoBaseUrl = cdn.url;
		});

		it('runs the demo example: CSV rows -> create, wait, download -> MP4 files on disk', async () => {
			const filesDir = mkdtempSync(join(tmpdir(), 'qr-files-'));
			copyFileSync(join(EXAMPLES, 'videos.csv'), join(filesDir, 'videos.csv'));
			n8n.filesDir = filesDir;
			const workflow = exampleWorkflow('csv-to-videos.workflow.json', filesDir);
			const json = JSON.parse(JSON.stringify(workflow)) as {
				nodes: Array<{ name: string; parameters: Record<string, unknown> }>;
			};
			// the shipped example checks when the video is likely ready (Auto, paced by the model's
			// typical minutes); the simulator's tasks take 3 s
			json.nodes.find((node) => node.name === 'Make Video')!.parameters.waitOptions = {
				pollIntervalSeconds: 2,
			};
			await n8n.importWorkflow(json as unknown as { id: string });

			const result = await n8n.execute(workflow.id);

			const [made] = outputsOf(result, 'Make Video');
			expect(made.map((item) => item.json.status)).toEqual(Array(8).fill('completed'));
			// the live families only: Veo rows with their aspect ratios, a Grok, a Kling, a Seedance
			// 1.5 Pro and a Hailuo row
			expect(
				[...simulator.tasks.values()].map((task) => `${task.family} ${task.input.model}`).sort(),
			).toEqual([
				'grok grok-video-3',
				'hailuo MiniMax-Hailuo-2.3',
				'kling kling-v2-5-turbo',
				'seedance doubao-seedance-1-5-pro-251215',
				'veo veo3-fast',
				'veo veo3.1',
				'veo veo3.1-fast',
				'veo veo3.1-fast',
			]);
			expect(
				simulator
					.requestsTo('create')
					.map((request) => (request.body as { aspect_ratio?: string }).aspect_ratio),
			).toEqual(expect.arrayContaining(['16:9', '9:16', undefined]));
			// Seedance 1.x: the sheet's 21:9 written into the prompt as Volcengine's command
			const [seedanceCreate] = simulator.requestsTo('seedanceCreate');
			expect(seedanceCreate.path).toBe('/volc/v1/contents/generations/tasks');
			expect(
				(seedanceCreate.body as { content: Array<{ text?: string }> }).content[0].text,
			).toMatch(/^Hundreds of paper lanterns .* --ratio 21:9$/);
			expect(simulator.requestsTo('seedanceBatchQuery').length).toBeGreaterThan(0);
			expect(simulator.requestsTo('seedanceQuery')).toHaveLength(0);
			expect(simulator.requestsTo('hailuoCreate')).toHaveLength(1);
			expect(made.map((item) => item.json.id)).toEqual(
				expect.arrayContaining([
					expect.stringMatching(/^veo3\.1-fast:/),
					expect.stringMatching(/^grok:/),
					expect.stringMatching(/^kling:text2video:\d+$/),
					expect.stringMatching(/^seedance-1:cgt-[\w-]+$/),
					expect.stringMatching(/^hailuo:\d+$/),
				]),
			);
			const written = readdirSync(filesDir)
				.filter((file) => file.endsWith('.mp4'))
				.sort();
			expect(written).toEqual([
				'City-timelapse.mp4',
				'Lantern-festival.mp4',
				'Morning-coffee.mp4',
				'Mountain-lake.mp4',
				'Paper-boat.mp4',
				'Red-fox.mp4',
				'Robot-dance.mp4',
				'Surfing-dog.mp4',
			]);
			for (const file of written) {
				expect(readFileSync(join(filesDir, file)).equals(SAMPLE_VIDEO)).toBe(true);
			}
		});

		it('creates one task per row; one invalid row goes to the error output, paired, and costs nothing', async () => {
			const rows = [
				{ prompt: 'a cat' },
				{ prompt: 'a dog' },
				{ prompt: '  ' },
				{ prompt: 'a fox' },
			];
			await n8n.importWorkflow(
				rowsWorkflow(
					'e2eCreateRows1',
					rows,
					quickRouterNode(
						{ resource: 'video', operation: 'create', prompt: '={{ $json.prompt }}' },
						{ onError: 'continueErrorOutput' },
					),
				),
			);
			const started = Date.now();

			const result = await n8n.execute('e2eCreateRows1');

			phase(`n8n execute (create, 4 rows) took ${((Date.now() - started) / 1000).toFixed(1)} s`);
			const [main, errors] = outputsOf(result);
			expect(main.map((item) => item.json.status)).toEqual(['pending', 'pending', 'pending']);
			expect(main.map((item) => simulator.tasks.get(item.json.id as string)?.input.prompt)).toEqual(
				['a cat', 'a dog', 'a fox'],
			);
			expect(errors).toHaveLength(1);
			// n8n puts the input row's fields beside the error
			expect(errors[0].json).toMatchObject({
				prompt: '  ',
				error: { message: 'Item 3: Prompt is empty: describe the video you want' },
			});
			expect(errors[0].pairedItem).toEqual({ item: 2 });
			expect(simulator.requestsTo('create')).toHaveLength(3);
		});

		it('a Sora row, which QuickRouter no longer serves, ends in the error that says so, sent once', async () => {
			await n8n.importWorkflow(
				rowsWorkflow(
					'e2eRetiredSora1',
					[{ prompt: 'a paper boat' }],
					quickRouterNode(
						{
							resource: 'video',
							operation: 'create',
							model: 'sora-2',
							prompt: '={{ $json.prompt }}',
							options: { maxAttempts: 5 },
						},
						{ onError: 'continueErrorOutput', retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
					),
				),
			);

			const [main, errors] = outputsOf(await n8n.execute('e2eRetiredSora1'));

			expect(main ?? []).toHaveLength(0);
			expect(errors).toHaveLength(1);
			expect(errors[0].json).toMatchObject({
				error: {
					message: expect.stringMatching(
						/^Item 1: The model sora-2 is not available on this QuickRouter API key: No available channel for model sora-2/,
					),
					description: expect.stringMatching(
						/OpenAI removed its Videos API .* 2026-09-24|on 2026-09-24, OpenAI/,
					),
					taskMayExist: false,
				},
			});
			expect(simulator.requestsTo('create')).toHaveLength(1);
			expect(simulator.tasks.size).toBe(0);
		});

		it('gets a task by its ID', async () => {
			simulator.settings.taskDurationMs = 0;
			const id = 'sora-2:task_e2eget0000000000000000000';
			simulator.tasks.set(id, {
				id,
				input: { model: 'sora-2', prompt: 'p', size: 'small' },
				family: 'sora',
				status: 'pending',
				createdAt: Date.now(),
			});
			await n8n.importWorkflow(
				rowsWorkflow(
					'e2eGetTask1',
					[{ id }],
					quickRouterNode({ resource: 'video', operation: 'get', taskId: '={{ $json.id }}' }),
				),
			);

			const [main] = outputsOf(await n8n.execute('e2eGetTask1'));

			expect(main).toHaveLength(1);
			expect(main[0].json).toMatchObject({ id, status: 'completed', progress: 100, error: null });
			expect(main[0].json.videoUrl).toBe(`${cdn.url}/videos/${encodeURIComponent(id)}.mp4`);
		});

		it('creates, waits and downloads: the video is binary data on the item', async () => {
			await n8n.importWorkflow(
				rowsWorkflow(
					'e2eWaitDownload1',
					[{ prompt: 'one' }, { prompt: 'two' }],
					quickRouterNode({
						resource: 'video',
						operation: 'create',
						prompt: '={{ $json.prompt }}',
						waitForCompletion: true,
						waitOptions: { pollIntervalSeconds: 2 },
						download: true,
					}),
				),
			);

			const [main] = outputsOf(await n8n.execute('e2eWaitDownload1'));

			expect(main).toHaveLength(2);
			for (const item of main) {
				expect(item.json.status).toBe('completed');
				const video = item.binary?.data;
				expect(video).toMatchObject({ fileName: `${item.json.id}.mp4`, mimeType: 'video/mp4' });
				// n8n 2.x keeps binary data in files (the item gives its size); 1.x in the item, base64
				if (video?.id) expect(video.bytes).toBe(SAMPLE_VIDEO.length);
				else expect(Buffer.from(video?.data ?? '', 'base64').equals(SAMPLE_VIDEO)).toBe(true);
			}
			expect(cdn.requests).toHaveLength(2);
			expect(cdn.requests.every((request) => request.headers.authorization === undefined)).toBe(
				true,
			);
		});

		it("creates, waits and downloads with Kling, on Kling's own routes", async () => {
			await n8n.importWorkflow(
				rowsWorkflow(
					'e2eKling1',
					[{ prompt: 'a paper boat' }],
					quickRouterNode({
						resource: 'video',
						operation: 'create',
						model: 'kling-v2-6',
						prompt: '={{ $json.prompt }}',
						firstFrameUrl: 'https://img.example/first.jpg',
						options: { klingDuration: '10' },
						waitForCompletion: true,
						waitOptions: { pollIntervalSeconds: 2 },
						download: true,
					}),
				),
			);

			const [main] = outputsOf(await n8n.execute('e2eKling1'));

			expect(main).toHaveLength(1);
			expect(main[0].json).toMatchObject({
				id: expect.stringMatching(/^kling:image2video:\d+$/),
				status: 'completed',
			});
			const [create] = simulator.requestsTo('klingCreate');
			expect(create.path).toBe('/kling/v1/videos/image2video');
			expect(create.body).toMatchObject({
				model_name: 'kling-v2-6',
				image: 'https://img.example/first.jpg',
				duration: '10',
				external_task_id: expect.stringMatching(/^n8n-/),
			});
			expect(simulator.requestsTo('klingQuery').length).toBeGreaterThan(0);
			const video = main[0].binary?.data;
			expect(video?.mimeType).toBe('video/mp4');
			if (video?.id) expect(video.bytes).toBe(SAMPLE_VIDEO.length);
			else expect(Buffer.from(video?.data ?? '', 'base64').equals(SAMPLE_VIDEO)).toBe(true);
		});

		it('creates, waits and downloads with Seedance 1.5 Pro: its settings as commands in the prompt, its checks by the batch query', async () => {
			await n8n.importWorkflow(
				rowsWorkflow(
					'e2eSeedance1',
					[{ prompt: 'lanterns rising over a river' }],
					quickRouterNode({
						resource: 'video',
						operation: 'create',
						model: 'doubao-seedance-1-5-pro-251215',
						prompt: '={{ $json.prompt }}',
						firstFrameUrl: 'https://img.example/first.jpg',
						aspectRatio: '21:9',
						options: { seedanceDuration: 8 },
						waitForCompletion: true,
						waitOptions: { pollIntervalSeconds: 2 },
						download: true,
					}),
				),
			);

			const [main] = outputsOf(await n8n.execute('e2eSeedance1'));

			expect(main).toHaveLength(1);
			const [create] = simulator.requestsTo('seedanceCreate');
			expect(simulator.requestsTo('seedanceCreate')).toHaveLength(1);
			expect(create.path).toBe('/volc/v1/contents/generations/tasks');
			expect(create.body).toEqual({
				model: 'doubao-seedance-1-5-pro-251215',
				content: [
					{ type: 'text', text: 'lanterns rising over a river --ratio 21:9 --dur 8' },
					{
						type: 'image_url',
						image_url: { url: 'https://img.example/first.jpg' },
						role: 'first_frame',
					},
				],
			});
			const [task] = [...simulator.tasks.values()];
			expect(task).toMatchObject({
				family: 'seedance',
				seedance: { route: 'volc', ratio: '21:9', duration: 8 },
			});
			// 1.x has no lookup by ID: every status check is the batch query, naming this task
			const checks = simulator.requestsTo('seedanceBatchQuery');
			expect(checks.length).toBeGreaterThan(0);
			expect(checks.map((check) => check.query['filter.task_ids'])).toEqual(
				Array(checks.length).fill(task.id),
			);
			expect(simulator.requestsTo('seedanceQuery')).toHaveLength(0);
			expect(main[0].json).toMatchObject({
				id: `seedance-1:${task.id}`,
				status: 'completed',
				progress: 100,
				error: null,
				videoUrl: `${cdn.url}/videos/${encodeURIComponent(task.id)}.mp4`,
				model: 'doubao-seedance-1-5-pro-251215',
			});
			expect(main[0].json.id).toMatch(/^seedance-1:cgt-\d{14}-[a-z0-9]{5}$/);
			const video = main[0].binary?.data;
			expect(video?.mimeType).toBe('video/mp4');
			if (video?.id) expect(video.bytes).toBe(SAMPLE_VIDEO.length);
			else expect(Buffer.from(video?.data ?? '', 'base64').equals(SAMPLE_VIDEO)).toBe(true);
			expect(cdn.requests.map((request) => request.path)).toEqual([
				`/videos/${encodeURIComponent(task.id)}.mp4`,
			]);
			expect(cdn.requests[0].headers.authorization).toBeUndefined();
		});

		it('creates, waits and downloads with Hailuo 02 from two frames: the primary link expired, the video comes through the backup link', async () => {
			// the simulator hosts the videos itself: it answers an expired link 403, as an object store
			simulator.settings.videoBaseUrl = undefined;
			simulator.settings.hailuoExpiredLinks = 'primary';
			await n8n.importWorkflow(
				rowsWorkflow(
					'e2eHailuo1',
					[{ prompt: 'a red fox in fresh snow' }],
					quickRouterNode({
						resource: 'video',
						operation: 'create',
						model: 'MiniMax-Hailuo-02',
						prompt: '={{ $json.prompt }}',
						firstFrameUrl: 'https://img.example/first.jpg',
						lastFrameUrl: 'https://img.example/last.jpg',
						options: { hailuoDuration: 6, hailuoResolution: '1080P' },
						waitForCompletion: true,
						waitOptions: { pollIntervalSeconds: 2 },
						download: true,
					}),
				),
			);

			const [main] = outputsOf(await n8n.execute('e2eHailuo1'));

			expect(main).toHaveLength(1);
			const [create] = simulator.requestsTo('hailuoCreate');
			expect(simulator.requestsTo('hailuoCreate')).toHaveLength(1);
			expect(create.path).toBe('/minimax/v1/video_generation');
			expect(create.body).toEqual({
				model: 'MiniMax-Hailuo-02',
				prompt: 'a red fox in fresh snow',
				first_frame_image: 'https://img.example/first.jpg',
				last_frame_image: 'https://img.example/last.jpg',
				duration: 6,
				resolution: '1080P',
			});
			const [task] = [...simulator.tasks.values()];
			expect(task.family).toBe('hailuo');
			const checks = simulator.requestsTo('hailuoQuery');
			expect(checks.length).toBeGreaterThan(0);
			expect(checks.every((check) => check.query.task_id === task.id)).toBe(true);
			expect(main[0].json).toMatchObject({
				id: `hailuo:${task.id}`,
				status: 'completed',
				progress: 100,
				error: null,
			});
			// the primary link failed (403, expired), then the backup link gave the video
			expect(simulator.requestsTo('video').map((request) => request.path)).toEqual([
				`/expired/videos/${task.id}.mp4`,
				`/videos/${task.id}-backup.mp4`,
			]);
			const video = main[0].binary?.data;
			expect(video?.mimeType).toBe('video/mp4');
			if (video?.id) expect(video.bytes).toBe(SAMPLE_VIDEO.length);
			else expect(Buffer.from(video?.data ?? '', 'base64').equals(SAMPLE_VIDEO)).toBe(true);
			expect(cdn.requests).toHaveLength(0);
		});
	},
);
