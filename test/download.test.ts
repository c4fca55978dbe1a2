import { randomBytes } from 'node:crypto';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { readBinary, runQuickRouter, type OnError } from './harness/engine';
import { useSimulator } from './useSimulator';
import { SAMPLE_VIDEO, VideoHost } from './simulator/videoHost';
import { errorMessageOf, errorOf } from './harness/errorItems';

const simulator = useSimulator();
let cdn: VideoHost;

beforeAll(async () => {
	cdn = await VideoHost.start();
});
afterAll(async () => cdn.stop());
beforeEach(() => {
	cdn.requests.length = 0;
	cdn.video = SAMPLE_VIDEO;
	cdn.chunked = false;
	cdn.dropNext = 0;
	cdn.gzipped = false;
	simulator().settings.videoBaseUrl = cdn.url;
});

async function run(parameters: INodeParameters, items: IDataObject[], onError?: OnError) {
	return await runQuickRouter({
		parameters: { resource: 'video', ...parameters },
		items,
		credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
		onError,
	});
}

const createWaitDownload: INodeParameters = {
	operation: 'create',
	prompt: '={{ $json.prompt }}',
	waitForCompletion: true,
	waitOptions: { pollIntervalSeconds: 2 },
	download: true,
};

describe('Download Video', () => {
	it('Create + wait + download: the video lands as binary data, named after the task, with the fixture bytes', async () => {
		const result = await run(createWaitDownload, [{ prompt: 'one' }, { prompt: 'two' }]);

		expect(result.error).toBeUndefined();
		const [main] = result.outputs;
		expect(main).toHaveLength(2);
		for (const [index, item] of main.entries()) {
			const id = item.json.id as string;
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.status).toBe('completed');
			expect(item.binary?.data).toMatchObject({ fileName: `${id}.mp4`, mimeType: 'video/mp4' });
			expect(readBinary(item.binary!.data).equals(SAMPLE_VIDEO)).toBe(true);
		}
	});

	it('never sends the API key to a video host other than the API', async () => {
		await run(createWaitDownload, [{ prompt: 'one' }]);

		expect(cdn.requests).toHaveLength(1);
		expect(cdn.requests[0].headers).not.toHaveProperty('authorization');
		expect(JSON.stringify(cdn.requests)).not.toContain(simulator().apiKey);
	});

	it('sends the key when the video is on the API host itself', async () => {
		simulator().settings.videoBaseUrl = undefined;

		const result = await run(createWaitDownload, [{ prompt: 'one' }]);

		expect(result.error).toBeUndefined();
		const [videoRequest] = simulator().requestsTo('video');
		expect(videoRequest.headers.authorization).toBe(`Bearer ${simulator().apiKey}`);
	});

	it('Get on a completed task downloads into the chosen field', async () => {
		const created = await run({ operation: 'create', prompt: 'p' }, [{}]);
		const id = created.outputs[0][0].json.id as string;

		const result = await run(
			{ operation: 'get', taskId: '={{ $json.id }}', download: true, binaryPropertyName: 'video' },
			[{ id }],
		);

		expect(result.error).toBeUndefined();
		const [item] = result.outputs[0];
		expect(item.binary?.video?.fileName).toBe(`${id}.mp4`);
		expect(readBinary(item.binary!.video).equals(SAMPLE_VIDEO)).toBe(true);
	});

	it('Get on a task still running says there is nothing to download yet', async () => {
		simulator().settings.taskDurationMs = 60_000;
		const created = await run({ operation: 'create', prompt: 'p' }, [{}]);
		const id = created.outputs[0][0].json.id as string;

		const result = await run({ operation: 'get', taskId: id, download: true }, [{}]);

		expect(result.error?.message).toBe(
			`Item 1: Task ${id} has no video to download yet (status: queued)`,
		);
		expect(cdn.requests).toHaveLength(0);
	});

	it.each([
		['says its size', false],
		['streams without saying its size', true],
	])(
		'a video over the size limit that %s is refused with a clear error',
		async (_name, chunked) => {
			cdn.video = Buffer.alloc(2 * 1024 * 1024 + 1);
			cdn.chunked = chunked;

			const result = await run(
				{ ...createWaitDownload, maxVideoSizeMb: 2 },
				[{ prompt: 'big' }],
				'continueRegularOutput',
			);

			expect(result.outputs[0][0]).toMatchObject({
				json: {
					error: expect.objectContaining({
						message: expect.stringMatching(/larger than the limit of 2 MB$/),
					}),
				},
				pairedItem: { item: 0 },
			});
		},
	);

	it('Max Video Size from a sheet: a number as text is the limit, a blank cell is the default, other text is refused before any create', async () => {
		cdn.video = Buffer.alloc(2 * 1024 * 1024 + 1);
		const fromCell = { ...createWaitDownload, maxVideoSizeMb: '={{ $json.maxMb }}' };

		const asText = await run(fromCell, [{ prompt: 'big', maxMb: ' 2 ' }], 'continueRegularOutput');
		expect(errorMessageOf(asText.outputs[0][0].json)).toMatch(/larger than the limit of 2 MB$/);

		const blank = await run(fromCell, [{ prompt: 'big', maxMb: '' }]);
		expect(blank.error).toBeUndefined();
		expect(blank.outputs[0][0].binary?.data).toMatchObject({ mimeType: 'video/mp4' });

		const createsBefore = simulator().requestsTo('create').length;
		const refused = await run(fromCell, [{ prompt: 'big', maxMb: '2,5' }]);
		expect(refused.error?.message).toBe(
			'Item 1: Max Video Size (MB) must be a number of megabytes',
		);
		expect(simulator().requestsTo('create')).toHaveLength(createsBefore);
	});

	it('a host that sends no size and keeps sending is cut off at the limit, long before the end', async () => {
		const limitMb = 2;
		cdn.size = 64 * 1024 * 1024;
		cdn.chunked = true;
		cdn.generatedBytesSent = 0;
		try {
			const result = await run(
				{ ...createWaitDownload, maxVideoSizeMb: limitMb },
				[{ prompt: 'endless' }],
				'continueRegularOutput',
			);

			expect(errorMessageOf(result.outputs[0][0].json)).toMatch(/larger than the limit of 2 MB$/);
			expect(cdn.generatedBytesSent).toBeLessThan(4 * limitMb * 1024 * 1024);
		} finally {
			cdn.size = undefined;
		}
	});

	it.each([
		['says its size', false, / of 3\.0 MB \(3145728 bytes\)$/],
		['sends no size', true, /, the last time after 1\.5 MB \(1572864 bytes\)$/],
	])(
		'a download that keeps breaking off (a host that %s) says how far it got and what to do',
		async (_name, chunked, howFar) => {
			cdn.size = 3 * 1024 * 1024;
			cdn.chunked = chunked;
			cdn.breakNext = 100;
			try {
				const result = await run(
					createWaitDownload,
					[{ prompt: 'flaky' }],
					'continueRegularOutput',
				);

				const [task] = simulator().tasks.values();
				const { json } = result.outputs[0][0];
				expect(errorMessageOf(json)).toMatch(
					new RegExp(
						`^Item 1: The video of task ${task.id} could not be downloaded: the transfer broke off 5 times, the last time after 1\\.5 MB \\(1572864 bytes\\)`,
					),
				);
				expect(errorMessageOf(json)).toMatch(howFar);
				expect(errorOf(json)).toMatchObject({
					taskId: task.id,
					description: expect.stringMatching(
						new RegExp(`Run Video > Get with Download Video on for task ${task.id} again later`),
					),
				});
				expect(cdn.requests).toHaveLength(5);
			} finally {
				cdn.size = undefined;
				cdn.breakNext = 0;
			}
		},
	);

	it('a video address that never answers (the connection drops at once) ends with the task, the attempts and what to do', async () => {
		cdn.dropNext = 100;

		const result = await run(createWaitDownload, [{ prompt: 'gone' }], 'continueRegularOutput');

		const [task] = simulator().tasks.values();
		const { json } = result.outputs[0][0];
		expect(errorMessageOf(json)).toMatch(
			new RegExp(
				`^Item 1: The video of task ${task.id} could not be downloaded: the video's address gave no video, 5 times \\(the last time: .+\\)$`,
			),
		);
		expect(errorOf(json)).toMatchObject({
			taskId: task.id,
			description: expect.stringMatching(/again later/),
		});
	});

	it('a gzip-compressed video whose Content-Length counts the compressed bytes arrives whole, once', async () => {
		// random bytes grow a little when compressed: the length is more than the video's
		cdn.video = randomBytes(200_000);
		cdn.gzipped = true;

		const result = await run(createWaitDownload, [{ prompt: 'zipped' }]);

		expect(result.error).toBeUndefined();
		expect(readBinary(result.outputs[0][0].binary!.data).equals(cdn.video)).toBe(true);
		expect(cdn.requests).toHaveLength(1);
	});
});
