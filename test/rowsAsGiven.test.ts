import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { FAILED_WITHOUT_REASON } from '../nodes/QuickRouter/transport/answers';
import { runQuickRouter, type OnError } from './harness/engine';
import type { FailurePlace } from './simulator/server';
import { VideoHost } from './simulator/videoHost';
import { useSimulator } from './useSimulator';

/**
 * Rows as the user gave them: what a sheet's cell holds is read the way the user meant it, or
 * refused; what is checked is what is sent; the task keeps the ID its create returned.
 */

// Sora's answer shapes (a bare ID, failure reasons in several places) are served here as before
// OpenAI retired it
const simulator = useSimulator({ taskDurationMs: 0, modelsWithoutChannel: [] });
let cdn: VideoHost;
beforeAll(async () => {
	cdn = await VideoHost.start();
});
afterAll(async () => await cdn.stop());
beforeEach(() => {
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

const sentImages = () =>
	simulator()
		.requestsTo('create')
		.map((request) => (request.body as IDataObject).images);

describe('Reference images from a sheet: one cell, several links', () => {
	const A = 'https://img.example/a.jpg';
	const B = 'https://img.example/b.png?size=large';
	const CDN_WITH_COMMAS =
		'https://res.cloudinary.example/demo/image/upload/w_400,h_300,c_fill/cat.jpg';

	it.each([
		['separated by commas', `${A}, ${B}`, [A, B]],
		['separated by semicolons', `${A};${B}`, [A, B]],
		['one per line', `${A}\n${B}\r\n`, [A, B]],
		['separated by spaces', `${A}   ${B}`, [A, B]],
		['a JSON list written as text', JSON.stringify([A, B]), [A, B]],
		['one link whose path has commas (an image CDN)', CDN_WITH_COMMAS, [CDN_WITH_COMMAS]],
		['a trailing comma', `${A},`, [A]],
		['separated by pipes', `${A}|${B}`, [A, B]],
		['separated by full-width commas', `${A}，${B}`, [A, B]],
		['separated by ideographic commas', `${A}、${B}`, [A, B]],
		['separated by a zero-width space', `${A}\u200b${B}`, [A, B]],
		['one link with a zero-width space and a BOM around it', `\ufeff${A}\u200b`, [A]],
		[
			'one image proxy link with a link inside it',
			`https://proxy.example/?url=${A}`,
			[`https://proxy.example/?url=${A}`],
		],
	])('a cell with links %s is split into the links', async (_name, cell, links) => {
		const result = await run(
			{ operation: 'create', model: 'grok-video-3', prompt: 'p', images: ['={{ $json.images }}'] },
			[{ images: cell }],
		);

		expect(result.error).toBeUndefined();
		expect(sentImages()).toEqual([links]);
	});

	it('an empty cell (blank, null) gives no link, and no images field when none is left', async () => {
		const result = await run(
			{
				operation: 'create',
				model: 'grok-video-3',
				prompt: 'p',
				images: ['={{ $json.a }}', '={{ $json.b }}'],
			},
			[
				{ a: null, b: ' ' },
				{ a: A, b: null },
			],
		);

		expect(result.error).toBeUndefined();
		expect(sentImages()).toEqual([undefined, [A]]);
	});

	it('the whole field mapped to a cell, and entries mixed with blanks, give every link once', async () => {
		const result = await run(
			{ operation: 'create', model: 'grok-video-3', prompt: 'p', images: '={{ $json.images }}' },
			[{ images: `${A}\n${B}` }],
		);
		const mixed = await run(
			{
				operation: 'create',
				model: 'grok-video-3',
				prompt: 'p',
				images: [A, '  ', `${B}, ${CDN_WITH_COMMAS}`],
			},
			[{}],
		);

		expect(result.error).toBeUndefined();
		expect(mixed.error).toBeUndefined();
		expect(sentImages()).toEqual([
			[A, B],
			[A, B, CDN_WITH_COMMAS],
		]);
	});

	it.each([
		[
			'two file names, not links',
			'a.jpg, b.jpg',
			/entry 1\) must be a full web address .*"a\.jpg, b\.jpg"/,
		],
		['a link and a word', `${A} and more`, /must be one web address without spaces/],
		[
			'a JSON list with a file name in it',
			JSON.stringify([A, 'b.jpg']),
			/entry 2\) must be a full web address .*"b\.jpg"/,
		],
		['two links run together', `${A}${B}`, /entry 1\) holds two links run together/],
		[
			'a link without its slashes',
			'https:img.example/a.jpg',
			/entry 1\) must be a full web address/,
		],
		[
			'a link with back slashes',
			String.raw`https:\\img.example\a.jpg`,
			/entry 1\) must be a full web address/,
		],
	])(
		'a cell with %s is refused, naming item and field, and nothing is sent',
		async (_name, cell, message) => {
			const result = await run(
				{
					operation: 'create',
					model: 'grok-video-3',
					prompt: '={{ $json.prompt }}',
					images: ['={{ $json.images }}'],
				},
				[
					{ prompt: 'fine', images: A },
					{ prompt: 'bad row', images: cell },
				],
			);

			expect(result.error?.message).toMatch(/^Item 2: Reference Image URLs \(entry \d\) /);
			expect(result.error?.message).toMatch(message);
			expect(simulator().requests).toHaveLength(0);
		},
	);
});

describe('Task ID on Get as a sheet, a page, a chat or an LLM writes it: checked and sent as the ID', () => {
	it.each([
		['with spaces and a new line around it (a sheet cell)', (id: string) => `  ${id} \n`],
		['in quotes', (id: string) => `"${id}"`],
		['in backticks', (id: string) => `\`${id}\``],
		['in curly quotes', (id: string) => `\u201C${id}\u201D`],
		['with zero-width spaces', (id: string) => `\u200B${id}\uFEFF`],
		['URL-encoded', (id: string) => encodeURIComponent(id)],
		['with a full-width colon', (id: string) => id.replace(':', '\uFF1A')],
		[
			'as its status link',
			(id: string) => `https://api.quickrouter.ai/v1/video/query?id=${encodeURIComponent(id)}`,
		],
		[
			'as its status link in quotes',
			(id: string) => `"https://api.quickrouter.ai/v1/video/query?id=${id}"`,
		],
		[
			'as its status link encoded whole',
			(id: string) =>
				encodeURIComponent(
					`https://api.quickrouter.ai/v1/video/query?id=${encodeURIComponent(id)}`,
				),
		],
		['in angle brackets', (id: string) => `<${id}>`],
		['in guillemets', (id: string) => `\u00AB${id}\u00BB`],
		['with the full stop of a sentence after it', (id: string) => `${id}.`],
	])('an ID %s is read as the ID, and sent as it', async (_name, written) => {
		const created = await run({ operation: 'create', prompt: 'p' }, [{}]);
		const id = created.outputs[0][0].json.id as string;

		const result = await run({ operation: 'get', taskId: '={{ $json.id }}' }, [
			{ id: written(id) },
		]);

		expect(result.error).toBeUndefined();
		expect(
			simulator()
				.requestsTo('query')
				.map((request) => request.query.id),
		).toEqual([id]);
		expect(result.outputs[0][0].json).toMatchObject({ id, status: 'completed' });
	});
});

describe('The task keeps the ID its create returned', () => {
	beforeEach(() => {
		// Some families answer the query with a bare upstream ID instead of the one asked for.
		simulator().settings.answerWithBareId = true;
	});

	it.each([true, false])(
		'Create + wait (+ download), Simplify Output %s: the ID, the file name and the output all use the created ID',
		async (simplify) => {
			const result = await run(
				{
					operation: 'create',
					model: 'sora-2',
					prompt: 'p',
					waitForCompletion: true,
					waitOptions: { pollIntervalSeconds: 2 },
					simplify,
					download: true,
				},
				[{}],
			);

			expect(result.error).toBeUndefined();
			const [task] = simulator().tasks.values();
			const [item] = result.outputs[0];
			expect(item.json.id).toBe(task.id);
			expect(item.json.answeredId).toBe(task.id.split(':')[1]);
			expect(item.binary?.data.fileName).toBe(`${task.id}.mp4`);
		},
	);

	it('Get: the output names the task by the ID Get was asked for', async () => {
		const created = await run({ operation: 'create', model: 'sora-2', prompt: 'p' }, [{}]);
		const id = created.outputs[0][0].json.id as string;

		const result = await run({ operation: 'get', taskId: id, download: true }, [{}]);

		expect(result.outputs[0][0].json).toMatchObject({
			id,
			answeredId: id.split(':')[1],
			status: 'completed',
		});
		expect(result.outputs[0][0].binary?.data.fileName).toBe(`${id}.mp4`);
	});
});

describe('Failure reasons, wherever the answer carries them', () => {
	it.each<[FailurePlace, string]>([
		['detail', 'the image shows a real person'],
		['pending_info', 'the image shows a real person'],
		['moderation', 'Refused by moderation: the image shows a real person'],
		['nowhere', FAILED_WITHOUT_REASON],
	])('a reason in %s reads as: %s', async (place, expected) => {
		simulator().settings.failurePlace = place;
		simulator().settings.failureFor = () => 'the image shows a real person';

		const result = await run(
			{
				operation: 'create',
				model: 'sora-2',
				prompt: 'p',
				waitForCompletion: true,
				waitOptions: { pollIntervalSeconds: 2 },
			},
			[{}],
			'continueRegularOutput',
		);

		const [task] = simulator().tasks.values();
		expect(result.outputs[0][0].json).toMatchObject({
			error: { message: `Item 1: Task ${task.id} failed: ${expected}`, taskId: task.id },
		});
	});
});

describe("A sheet's cells as people type them", () => {
	it('reads "10.0", "15 s", " Portrait ", "LANDSCAPE" and a prompt of digits the way they were meant, and sends the API\'s form', async () => {
		const result = await run(
			{
				operation: 'create',
				model: 'sora-2',
				prompt: '={{ $json.prompt }}',
				duration: '={{ $json.duration }}',
				orientation: '={{ $json.orientation }}',
			},
			[
				{ prompt: 1984, duration: '10.0', orientation: ' Portrait ' },
				{ prompt: 'A cat', duration: '15 s', orientation: 'LANDSCAPE' },
			],
		);

		expect(result.error).toBeUndefined();
		expect(result.outputs[0]).toHaveLength(2);
		const bodies = simulator()
			.requestsTo('create')
			.map((request) => request.body as IDataObject);
		expect(bodies).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ prompt: '1984', duration: 10, orientation: 'portrait' }),
				expect.objectContaining({ prompt: 'A cat', duration: 15, orientation: 'landscape' }),
			]),
		);
	});
});
