import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { readBinary, runQuickRouter, type OnError } from './harness/engine';
import { SAMPLE_VIDEO, VideoHost } from './simulator/videoHost';
import { useSimulator } from './useSimulator';

/**
 * Every family of QuickRouter's unified endpoint through one node: the exact body each model's
 * fields send, each model's wrong combinations refused before any request, each family's answers
 * read right. The simulator's contract is written from the API facts, apart from the node's
 * catalogue: a body the catalogue gets wrong is refused there.
 */

// every family's bodies and answers: Sora's too, served here as before it was retired
const simulator = useSimulator({
	taskDurationMs: 0,
	newModels: ['veo4-preview'],
	modelsWithoutChannel: [],
});
let cdn: VideoHost;
beforeAll(async () => {
	cdn = await VideoHost.start();
});
afterAll(async () => await cdn.stop());
beforeEach(() => {
	simulator().settings.videoBaseUrl = cdn.url;
	cdn.requests.length = 0;
});

async function run(parameters: INodeParameters, items: IDataObject[] = [{}], onError?: OnError) {
	return await runQuickRouter({
		parameters: { resource: 'video', operation: 'create', ...parameters },
		items,
		credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
		onError,
	});
}

const bodies = () =>
	simulator()
		.requestsTo('create')
		.map((request) => request.body);

const FIRST = 'https://img.example/first.jpg';
const LAST = 'https://img.example/last.jpg';

describe('the body each family sends', () => {
	it.each<[string, INodeParameters, IDataObject]>([
		[
			'Veo 3.1 Fast with a first and a last frame, Enhance Prompt, Upscale and 9:16',
			{
				model: 'veo3.1-fast',
				prompt: 'a paper boat',
				firstFrameUrl: FIRST,
				lastFrameUrl: LAST,
				aspectRatio: '9:16',
				options: { enhancePrompt: true, upscale: true },
			},
			{
				model: 'veo3.1-fast',
				prompt: 'a paper boat',
				images: [FIRST, LAST],
				enhance_prompt: true,
				enable_upsample: true,
				aspect_ratio: '9:16',
			},
		],
		[
			'Veo 2 Fast Components with three elements (two from one cell)',
			{
				model: 'veo2-fast-components',
				prompt: 'a cat and a hat',
				elementImageUrls: [FIRST, `${LAST}, https://img.example/hat.png`],
			},
			{
				model: 'veo2-fast-components',
				prompt: 'a cat and a hat',
				images: [FIRST, LAST, 'https://img.example/hat.png'],
			},
		],
		[
			'Veo 2, text only, everything left at its default',
			{ model: 'veo2', prompt: 'rain' },
			{ model: 'veo2', prompt: 'rain' },
		],
		[
			'Veo 3 Pro Frames with its one first frame',
			{ model: 'veo3-pro-frames', prompt: 'a sunrise', firstFrameUrl: FIRST },
			{ model: 'veo3-pro-frames', prompt: 'a sunrise', images: [FIRST] },
		],
		[
			'Grok Video 3 with 2:3, 720P and a reference image',
			{
				model: 'grok-video-3',
				prompt: 'a robot',
				aspectRatio: '2:3',
				images: [FIRST],
				options: { grokSize: '720P' },
			},
			{
				model: 'grok-video-3',
				prompt: 'a robot',
				aspect_ratio: '2:3',
				size: '720P',
				images: [FIRST],
			},
		],
		[
			'Sora 2 Pro, as before',
			{
				model: 'sora-2-pro',
				prompt: 'a fox',
				orientation: 'landscape',
				size: 'large',
				duration: 25,
			},
			{
				model: 'sora-2-pro',
				prompt: 'a fox',
				orientation: 'landscape',
				size: 'large',
				duration: 25,
			},
		],
	])('%s', async (_name, parameters, body) => {
		const result = await run(parameters);

		expect(result.error).toBeUndefined();
		expect(bodies()).toEqual([body]);
	});

	it('one node, a sheet that mixes families: each row sends its own model’s fields only', async () => {
		const rows = [
			{ model: 'sora-2', prompt: 'a', duration: '15', ratio: '', first: '' },
			{ model: 'veo3-fast', prompt: 'b', duration: '', ratio: '16:9', first: '' },
			{ model: 'veo3.1', prompt: 'c', duration: '', ratio: '', first: FIRST },
			{ model: 'grok-video-3', prompt: 'd', duration: '', ratio: '', first: '' },
		];

		const result = await run(
			{
				model: '={{ $json.model }}',
				prompt: '={{ $json.prompt }}',
				duration: '={{ $json.duration }}',
				aspectRatio: '={{ $json.ratio }}',
				firstFrameUrl: '={{ $json.first }}',
			},
			rows,
		);

		expect(result.error).toBeUndefined();
		expect(bodies()).toEqual(
			expect.arrayContaining([
				{ model: 'sora-2', prompt: 'a', orientation: 'portrait', size: 'small', duration: 15 },
				{ model: 'veo3-fast', prompt: 'b', aspect_ratio: '16:9' },
				{ model: 'veo3.1', prompt: 'c', images: [FIRST] },
				{ model: 'grok-video-3', prompt: 'd' },
			]),
		);
		expect(bodies()).toHaveLength(4);
	});

	it('a model the node does not know is sent as given, with what was set for it, and the output says so', async () => {
		const result = await run({
			model: '={{ "veo4-preview" }}',
			prompt: 'a comet',
			aspectRatio: '16:9',
			options: { additionalBodyFields: '{"seed": 7, "camera": "drone"}' },
		});

		expect(result.error).toBeUndefined();
		expect(bodies()).toEqual([
			{ model: 'veo4-preview', prompt: 'a comet', aspect_ratio: '16:9', seed: 7, camera: 'drone' },
		]);
		expect(result.outputs[0][0].json.warning).toMatch(
			/^veo4-preview is not a model this node knows .* not checked against its own rules\.$/,
		);
	});

	it('a model the node does not know gets what a sheet gives it, editor defaults and values beyond the known choices too', async () => {
		const result = await run(
			{
				model: '={{ $json.model }}',
				prompt: 'a comet',
				duration: '={{ $json.duration }}',
				options: { grokSize: '={{ $json.size }}' },
			},
			[{ model: 'veo4-preview', duration: 10, size: '1080P' }],
		);

		expect(result.error).toBeUndefined();
		expect(bodies()).toEqual([
			{ model: 'veo4-preview', prompt: 'a comet', duration: 10, size: '1080P' },
		]);
	});

	it("cells as sheets and databases give them: the example sheet's mapping, empty cells, null, TRUE as text, a switch off", async () => {
		// examples/sheet-to-drive.workflow.json's mapping
		const rows = [
			{ model: 'sora-2', prompt: 'a', orientation: '', duration: '', enhance: '' },
			{ model: 'veo3.1-fast', prompt: 'b', orientation: null, duration: null, enhance: 'TRUE' },
			{ model: 'grok-video-3', prompt: 'c', orientation: '', duration: '', enhance: false },
			{ model: 'sora-2', prompt: 'd', orientation: 'landscape', duration: 15, enhance: 'false' },
		];
		const result = await run(
			{
				model: "={{ $json.model || 'sora-2' }}",
				prompt: '={{ $json.prompt }}',
				orientation: '={{ $json.orientation }}',
				duration: '={{ $json.duration }}',
				options: { enhancePrompt: '={{ $json.enhance }}' },
			},
			rows,
		);

		expect(result.error).toBeUndefined();
		expect(bodies()).toEqual(
			expect.arrayContaining([
				{ model: 'sora-2', prompt: 'a', size: 'small' },
				{ model: 'veo3.1-fast', prompt: 'b', enhance_prompt: true },
				{ model: 'grok-video-3', prompt: 'c' },
				{ model: 'sora-2', prompt: 'd', orientation: 'landscape', size: 'small', duration: 15 },
			]),
		);
		expect(bodies()).toHaveLength(4);
	});

	it('a value at its editor default counts as given when a sheet gives it: the right model takes it', async () => {
		const result = await run(
			{ model: '={{ $json.model }}', prompt: 'p', orientation: '={{ $json.orientation }}' },
			[{ model: 'sora-2', orientation: 'portrait' }],
		);

		expect(result.error).toBeUndefined();
		expect(bodies()).toEqual([
			{ model: 'sora-2', prompt: 'p', orientation: 'portrait', size: 'small', duration: 10 },
		]);
	});
});

// With a fixed model, the editor hides the fields it does not take (n8n drops their values); a
// model from an expression shows them all, and the check holds each row to its model.
describe("each model's wrong combinations are refused before any request, naming item and field", () => {
	it.each<[string, INodeParameters, IDataObject, RegExp]>([
		[
			'a last frame for Veo 3 Pro Frames (first frame only), the model from a sheet',
			{ model: '={{ $json.model }}', firstFrameUrl: FIRST, lastFrameUrl: LAST },
			{ model: 'veo3-pro-frames' },
			/^Item 1: Last Frame URL is not taken by veo3-pro-frames: it is for other Veo, Kling and Seedance models and MiniMax-Hailuo-02\. Leave it empty/,
		],
		[
			'four elements for a components model',
			{ model: 'veo3.1-components', elementImageUrls: [FIRST, LAST, FIRST, LAST] },
			{},
			/^Item 1: Element Image URLs has 4 links: veo3.1-components takes at most 3/,
		],
		[
			'an aspect ratio for Veo 2 (veo3 and veo3.1 only)',
			{ model: '={{ $json.model }}', aspectRatio: '16:9' },
			{ model: 'veo2' },
			/^Item 1: Aspect Ratio is not taken by veo2: it is for other Veo, Grok, Kling and Seedance models\. Leave/,
		],
		[
			'a duration for a Veo model, from a sheet',
			{ model: '={{ $json.model }}', duration: '={{ $json.duration }}' },
			{ model: 'veo3', duration: '15' },
			/^Item 1: Duration is not taken by veo3: it is for Sora models/,
		],
		[
			'a character on a Grok model',
			{ model: '={{ $json.model }}', useCharacter: true, characterUrl: 'https://v.example/c.mp4' },
			{ model: 'grok-video-3' },
			/^Item 1: Character From Video is not taken by grok-video-3: it is for Sora models/,
		],
		[
			'a Veo aspect ratio with Grok values',
			{ model: 'veo3', aspectRatio: '={{ $json.ratio }}' },
			{ ratio: '1:1' },
			/^Item 1: Aspect Ratio 1:1 is only available with Grok, Kling and Seedance models, not veo3: choose 16:9 or 9:16/,
		],
		[
			'a Grok aspect ratio of 16:9',
			{ model: 'grok-video-3', aspectRatio: '={{ $json.ratio }}' },
			{ ratio: '16:9' },
			/^Item 1: Aspect Ratio 16:9 is only available with Veo, Kling and Seedance models, not grok-video-3: choose 2:3, 3:2 or 1:1/,
		],
		[
			'a last frame without a first frame',
			{ model: 'veo3.1-fast', lastFrameUrl: LAST },
			{},
			/^Item 1: Last Frame URL needs a First Frame URL too/,
		],
		[
			'two links in a first-frame cell',
			{ model: 'veo3.1-fast', firstFrameUrl: '={{ $json.cell }}' },
			{ cell: `${FIRST}, ${LAST}` },
			/^Item 1: First Frame URL must be one web address without spaces/,
		],
		[
			'reference images for a Veo frames model (it takes frames), the model from a sheet',
			{ model: '={{ $json.model }}', images: [FIRST] },
			{ model: 'veo3-frames' },
			/^Item 1: Reference Image URLs is not taken by veo3-frames: it is for Grok and Sora models, doubao-seedance-2-0-260128 and doubao-seedance-2-0-fast-260128\. Leave/,
		],
		[
			'Additional Body Fields that set the prompt',
			{ model: 'sora-2', options: { additionalBodyFields: '{"prompt": "other"}' } },
			{},
			/^Item 1: Options › Additional Body Fields must not set "prompt": the Prompt field sends it/,
		],
		[
			'Additional Body Fields that are not an object',
			{ model: 'sora-2', options: { additionalBodyFields: '[1, 2]' } },
			{},
			/^Item 1: Options › Additional Body Fields must be a JSON object/,
		],
		[
			"a duration at the editor's default, from a sheet, for Grok (it takes none)",
			{ model: '={{ $json.model }}', duration: '={{ $json.duration }}' },
			{ model: 'grok-video-3', duration: '10' },
			/^Item 1: Duration is not taken by grok-video-3: it is for Sora models/,
		],
		[
			"an orientation at the editor's default, from a sheet, for Veo",
			{ model: '={{ $json.model }}', orientation: '={{ $json.orientation }}' },
			{ model: 'veo3.1-fast', orientation: 'portrait' },
			/^Item 1: Orientation is not taken by veo3.1-fast: it is for Sora models/,
		],
		[
			'a frames model without its first frame',
			{ model: 'veo3-fast-frames' },
			{},
			/^Item 1: First Frame URL is empty: veo3-fast-frames makes its video from it/,
		],
		[
			'a components model without element images',
			{ model: '={{ $json.model }}' },
			{ model: 'veo2-fast-components' },
			/^Item 1: Element Image URLs is empty: veo2-fast-components makes its video from it/,
		],
		[
			'a model the node does not know: reference images and a first frame would share "images"',
			{ model: '={{ "veo4-preview" }}', images: [FIRST, LAST], firstFrameUrl: FIRST },
			{},
			/^Item 1: (First Frame URL and Reference Image URLs|Reference Image URLs and First Frame URL) both set "images" for veo4-preview: set only one/,
		],
		[
			'a model the node does not know: a last frame without a first',
			{ model: '={{ "veo4-preview" }}', lastFrameUrl: LAST },
			{},
			/^Item 1: Last Frame URL needs a First Frame URL too/,
		],
		[
			'Additional Body Fields that set the model in other letter case',
			{ model: 'sora-2', options: { additionalBodyFields: '{"Model": "sora-2-pro"}' } },
			{},
			/^Item 1: Options › Additional Body Fields must not set "Model": the Model field sends it/,
		],
		[
			'25 seconds for Sora 2, the model from a sheet',
			{ model: '={{ $json.model }}', duration: 25 },
			{ model: 'sora-2' },
			/^Item 1: Duration 25 seconds is only available with sora-2-pro, not sora-2: choose 10 or 15, or switch the model/,
		],
	])('%s', async (_name, parameters, row, message) => {
		const result = await run({ prompt: 'p', ...parameters }, [row]);

		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(/Nothing was sent to QuickRouter for this item/);
		expect(simulator().requests).toHaveLength(0);
	});
});

describe("each family's answers, read right", () => {
	const waitAndDownload: INodeParameters = {
		prompt: 'p',
		waitForCompletion: true,
		waitOptions: { pollIntervalSeconds: 2 },
		download: true,
	};

	it('Sora: completed, with its thumbnail', async () => {
		const result = await run({ ...waitAndDownload, model: 'sora-2' });

		const [task] = simulator().tasks.values();
		expect(result.outputs[0][0].json).toMatchObject({
			id: task.id,
			status: 'completed',
			model: 'sora-2',
			thumbnailUrl: `${cdn.url}/thumbnails/${encodeURIComponent(task.id)}.jpg`,
			error: null,
		});
		expect(readBinary(result.outputs[0][0].binary!.data).equals(SAMPLE_VIDEO)).toBe(true);
	});

	it('Veo: completed although an old error text is still on it; the upscaled video, the prompt without fences', async () => {
		const result = await run({
			...waitAndDownload,
			model: 'veo3.1-fast',
			options: { enhancePrompt: true, upscale: true },
		});

		const [task] = simulator().tasks.values();
		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({
			id: task.id,
			status: 'completed',
			error: null,
			model: 'veo3.1-fast',
			enhancedPrompt: 'English: p',
			videoUrl: `${cdn.url}/videos/${encodeURIComponent(task.id)}-upscaled.mp4`,
		});
		expect(cdn.requests.map((request) => request.path)).toEqual([
			`/videos/${encodeURIComponent(task.id)}-upscaled.mp4`,
		]);
	});

	it('Veo: its status words while it works read as processing', async () => {
		simulator().settings.taskDurationMs = 60_000;
		const created = await run({ model: 'veo3-frames', prompt: 'p', firstFrameUrl: FIRST });
		const id = created.outputs[0][0].json.id as string;
		simulator().tasks.get(id)!.createdAt -= 20_000;

		const result = await runQuickRouter({
			parameters: { resource: 'video', operation: 'get', taskId: id, simplify: false },
			items: [{}],
			credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
		});
		const simplified = await runQuickRouter({
			parameters: { resource: 'video', operation: 'get', taskId: id },
			items: [{}],
			credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
		});

		expect(result.outputs[0][0].json.status).toBe('video_generating');
		expect(simplified.outputs[0][0].json).toMatchObject({
			id,
			status: 'processing',
			videoUrl: null,
		});
	});

	it('Grok: the answer names the task otherwise; the created ID stays, the fences go', async () => {
		const result = await run({ ...waitAndDownload, model: 'grok-video-3' });

		const [task] = simulator().tasks.values();
		const { json } = result.outputs[0][0];
		expect(task.id).toMatch(/^grok:[0-9a-f-]{36}$/);
		expect(json).toMatchObject({
			id: task.id,
			status: 'completed',
			enhancedPrompt: 'p, cinematic',
			// Grok's answer names no model: the one the node sent
			model: 'grok-video-3',
		});
		expect(json.answeredId).toEqual(expect.any(String));
		expect(json.answeredId).not.toBe(task.id);
		expect(result.outputs[0][0].binary?.data.fileName).toBe(`${task.id}.mp4`);
	});
});
