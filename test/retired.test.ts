import { NodeHelpers, type INode, type INodeParameters, type INodeProperties } from 'n8n-workflow';

import { QuickRouter } from '../nodes/QuickRouter/QuickRouter.node';
import { DEFAULT_MODEL, modelById } from '../nodes/QuickRouter/models/catalogue';
import { quickRouterToolNode, runAgent } from './harness/agent';
import { runQuickRouter, type OnError } from './harness/engine';
import { errorOf } from './harness/errorItems';
import { RETIRED_MODELS } from './simulator/server';
import { useSimulator } from './useSimulator';

/**
 * Live models first: OpenAI removed Sora's API on 2026-09-24, so a node added today starts on a
 * live model, Sora is listed after the live models as retired, and QuickRouter's "this model is
 * not available" is read as the refusal it is: nothing was made, and nothing is sent again.
 */

// The simulator as relays answer today: no channel for Sora's models
const simulator = useSimulator({ taskDurationMs: 0 });
const credentials = () => ({ apiKey: simulator().apiKey, baseUrl: simulator().url });

const description = new QuickRouter().description;
const property = (name: string) =>
	description.properties.find((candidate) => candidate.name === name)!;

async function create(
	parameters: INodeParameters,
	rows: number,
	options: { onError?: OnError; settings?: { retryOnFail: boolean; maxTries: number } } = {},
) {
	return await runQuickRouter({
		parameters: { resource: 'video', operation: 'create', prompt: 'a paper boat', ...parameters },
		items: Array.from({ length: rows }, () => ({})),
		credentials: credentials(),
		...options,
	});
}

describe('a node added today starts on a live model', () => {
	it('the Model field defaults to Veo 3.1 Fast, a live model', () => {
		expect(DEFAULT_MODEL).toBe('veo3.1-fast');
		expect(property('model').default).toBe(DEFAULT_MODEL);
		expect(modelById(DEFAULT_MODEL)?.family.retired).toBeUndefined();
	});

	it('lists every live model before the retired ones, which say so in name and description', () => {
		const options = property('model').options as Array<{
			name: string;
			value: string;
			description: string;
		}>;
		const firstRetired = options.findIndex((option) => RETIRED_MODELS.includes(option.value));
		expect(
			options
				.slice(firstRetired)
				.map((option) => option.value)
				.sort(),
		).toEqual([...RETIRED_MODELS].sort());
		for (const option of options.slice(firstRetired)) {
			expect(option.name).toMatch(/ \(Retired\)$/);
			expect(option.description).toMatch(/retired upstream on 2026-09-24/);
		}
		for (const option of options.slice(0, firstRetired)) {
			expect(option.name).not.toMatch(/retired/i);
			expect(option.name).toMatch(/^(Veo|Grok|Kling|Seedance|Hailuo) /);
		}
	});

	it('shows a notice with what happened, when, and what to pick, only while a Sora model is chosen', () => {
		const notices = description.properties.filter(
			(candidate) => candidate.type === 'notice' && /retired/.test(candidate.displayName),
		);
		expect(notices).toHaveLength(1);
		const [notice] = notices;
		expect(notice.displayName).toMatch(/OpenAI removed its Videos API/);
		expect(notice.displayName).toMatch(/2026-09-24/);
		expect(notice.displayName).toMatch(
			/Veo 3\.1 Fast \(veo3\.1-fast\) or Grok Video 3 \(grok-video-3\)/,
		);
		const shownFor = (model: string) => {
			const values: INodeParameters = { resource: 'video', operation: 'create', model };
			const node = { typeVersion: 1, parameters: values } as unknown as INode;
			return NodeHelpers.displayParameter(values, notice, node, description, values);
		};
		expect(shownFor('sora-2')).toBe(true);
		expect(shownFor('sora-2-pro')).toBe(true);
		expect(shownFor('veo3.1-fast')).toBe(false);
		expect(shownFor('grok-video-3')).toBe(false);
		expect(shownFor('={{ $json.model }}')).toBe(false);
	});

	it('is one node version, with no display rule left for another', () => {
		expect(description.version).toBe(1);
		expect(description.defaultVersion).toBeUndefined();
		const byVersion = JSON.stringify(description.properties).match(/@version/g);
		expect(byVersion).toBeNull();
	});

	it('leads with the live families where an LLM and a person first read', () => {
		expect(description.description).toMatch(
			/^Generate videos with Veo, Grok, Kling, Seedance and Hailuo/,
		);
		const model = property('model') as INodeProperties;
		expect(model.description).toMatch(
			/^Which model makes the video: Veo, Grok, Kling, Seedance or Hailuo \(Sora is retired\)/,
		);
	});
});

describe('QuickRouter says a Sora model is not available: a refusal, nothing made', () => {
	const SORA_REFUSED =
		/^Item 1: The model sora-2 is not available on this QuickRouter API key: No available channel for model sora-2 under group default \(distributor\)$/;

	it('ends in the error that says so, with what happened to Sora and what to pick, sent once', async () => {
		const result = await create({ model: 'sora-2', options: { maxAttempts: 5 } }, 1);

		expect(result.error?.message).toMatch(SORA_REFUSED);
		expect(result.error?.httpCode).toBe('503');
		expect(result.error?.description).toMatch(
			/^QuickRouter turned the request away before creating a task, so nothing was charged, and sending it again will not help\. sora-2: Sora is retired: on 2026-09-24, OpenAI removed its Videos API .* Pick a live model instead, such as Veo 3\.1 Fast \(veo3\.1-fast\) or Grok Video 3 \(grok-video-3\)\./,
		);
		expect(result.error?.description).not.toMatch(/may exist|may or may not/);
		expect(simulator().requestsTo('create')).toHaveLength(1);
		expect(simulator().tasks.size).toBe(0);
	});

	it('says taskMayExist: false on the error item, and the rows with no task were charged nothing', async () => {
		const result = await create({ model: 'sora-2-pro' }, 2, { onError: 'continueRegularOutput' });

		expect(result.outputs[0]).toHaveLength(2);
		for (const [index, item] of result.outputs[0].entries()) {
			expect(errorOf(item.json)).toMatchObject({
				message: expect.stringMatching(/The model sora-2-pro is not available/),
				taskMayExist: false,
				httpCode: '503',
			});
			expect(item.pairedItem).toEqual({ item: index });
		}
		expect(simulator().requestsTo('create')).toHaveLength(2);

		simulator().reset();
		const stopped = await create({ model: 'sora-2' }, 3);
		expect(stopped.error?.description).toMatch(
			/\d item\(s\) have no task, so nothing was charged for them: running them again cannot pay twice\.$/,
		);
		expect(stopped.error?.description).not.toMatch(/A task may exist/);
	});

	it('is not sent again by Max Attempts, even with Retry-After, nor by n8n’s Retry On Fail', async () => {
		simulator().settings.modelsWithoutChannel = [];
		simulator().answerNext(
			'create',
			{
				status: 503,
				headers: { 'Retry-After': '0' },
				body: {
					error: {
						message: 'No available channel for model sora-2 under group default',
						code: 'model_not_found',
					},
				},
			},
			10,
		);

		const result = await create({ model: 'sora-2' }, 1, {
			settings: { retryOnFail: true, maxTries: 3 },
		});

		expect(result.error?.message).toMatch(/^Item 1: The model sora-2 is not available/);
		expect(simulator().requestsTo('create')).toHaveLength(1);
	});

	it('tells an AI agent what to pick instead, in the message it hears', async () => {
		const run = await runAgent(
			[
				quickRouterToolNode('Create Video', {
					resource: 'video',
					operation: 'create',
					model: "={{ $fromAI('model', 'The model ID', 'string') }}",
					prompt: "={{ $fromAI('prompt', 'What the video shows', 'string') }}",
				}),
			],
			[[[{ tool: 'Create_Video', args: { model: 'sora-2', prompt: 'a fox' } }]]],
			credentials(),
		);

		const [call] = run.calls[0];
		const [item] = JSON.parse(call.result!) as Array<{
			error: { message: string; taskMayExist: boolean };
		}>;
		expect(item.error.message).toMatch(/^Item 1: The model sora-2 is not available/);
		expect(item.error.message).toMatch(
			/Pick a live model instead, such as Veo 3\.1 Fast \(veo3\.1-fast\)/,
		);
		expect(item.error.taskMayExist).toBe(false);
		expect(simulator().requestsTo('create')).toHaveLength(1);
	});

	it('where a relay still makes Sora, the row is sent and its output warns that Sora is retired', async () => {
		simulator().settings.modelsWithoutChannel = [];

		const result = await create({ model: 'sora-2' }, 1);

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({
			status: 'pending',
			warning: expect.stringMatching(/^sora-2: Sora is retired: on 2026-09-24/),
		});
	});

	it('a live model gives no warning', async () => {
		const result = await create({}, 1);

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).not.toHaveProperty('warning');
	});
});

describe('a known model written in another case, with spaces, or by its name is that model', () => {
	it('is sent in the catalogue’s spelling, without the unknown-model warning', async () => {
		const result = await runQuickRouter({
			parameters: {
				resource: 'video',
				operation: 'create',
				model: '={{ $json.model }}',
				prompt: 'p',
			},
			items: [
				{ model: 'VEO3.1-Fast' },
				{ model: ' Grok-Video-3 ' },
				{ model: '\u200bveo3-fast\ufeff' },
				{ model: 'Veo 3.1  Pro 4K' },
			],
			credentials: credentials(),
		});

		expect(result.error).toBeUndefined();
		expect(
			simulator()
				.requestsTo('create')
				.map((request) => (request.body as { model: string }).model)
				.sort(),
		).toEqual(['grok-video-3', 'veo3-fast', 'veo3.1-fast', 'veo3.1-pro-4k']);
		for (const item of result.outputs[0]) expect(item.json).not.toHaveProperty('warning');
	});

	it("is held to that model's rules: 25 s is refused for SORA-2 and taken for  sora-2-PRO ", async () => {
		simulator().settings.modelsWithoutChannel = [];
		const run = async (model: string) =>
			await runQuickRouter({
				parameters: {
					resource: 'video',
					operation: 'create',
					model: '={{ $json.model }}',
					prompt: 'p',
					duration: '={{ $json.duration }}',
				},
				items: [{ model, duration: 25 }],
				credentials: credentials(),
			});

		const refused = await run('SORA-2');
		expect(refused.error?.message).toMatch(
			/^Item 1: Duration 25 seconds is only available with sora-2-pro, not sora-2/,
		);
		expect(simulator().requestsTo('create')).toHaveLength(0);

		for (const written of [' sora-2-PRO ', 'Sora 2 Pro (Retired)']) {
			simulator().reset();
			simulator().settings.modelsWithoutChannel = [];
			const taken = await run(written);
			expect(taken.error).toBeUndefined();
			expect(simulator().requestsTo('create')[0].body).toMatchObject({
				model: 'sora-2-pro',
				duration: 25,
			});
		}
	});
});
