/* eslint-disable @n8n/community-nodes/no-restricted-globals -- e2e test */
import { QuickRouterSimulator } from '../test/simulator/server';
import { N8nInstance } from './n8n';
import {
	ScriptedChatModel,
	type Conversation,
	type ScriptedTurn,
	type ToolExchange,
} from './scriptedChatModel';
import { ensureToolchain, phase } from './toolchain';
import { agentWorkflow, CREDENTIAL, exampleWorkflow, LLM_CREDENTIAL } from './workflows';

/**
 * QuickRouter as tools of n8n's own AI Agent, in a real n8n, with n8n's OpenAI Chat Model talking
 * to a scripted LLM. Agent 2.2 runs every tool call inside its own node run (the calls share its
 * execute data); the newest agent runs each call as a node run of its own. Both must work.
 */

const AGENT_VERSIONS = (process.env.AGENT_VERSIONS ?? '2.2,3.1').split(',').map(Number);
const CREATE_TOOL = 'Create_Video';
const GET_TOOL = 'Get_Video';

/** What the LLM does in each conversation, by the scenario named at the start of its prompt. */
const SCENARIOS: Record<string, (conversation: Conversation) => ScriptedTurn> = {
	// a bad argument, then the same call corrected: the second must create exactly one task
	'bad-then-good': ({ turn }) =>
		turn === 0
			? create('bad-then-good: a fox in the snow', 'sideways')
			: turn === 1
				? create('bad-then-good: a fox in the snow', '16:9')
				: { text: 'done' },
	// create, then get by the ID the create returned
	'create-then-get': ({ turn, exchanges }) =>
		turn === 0
			? create('create-then-get: a cat on a piano', '9:16')
			: turn === 1
				? { toolCalls: [{ tool: GET_TOOL, args: { taskId: taskIdIn(exchanges[0]) } }] }
				: { text: 'done' },
	// two creates in one LLM turn, the second bad
	'two-in-one-turn': ({ turn }) =>
		turn === 0
			? {
					toolCalls: [
						{
							tool: CREATE_TOOL,
							args: { prompt: 'two-in-one-turn: good', aspectRatio: '9:16' },
						},
						{
							tool: CREATE_TOOL,
							args: { prompt: 'two-in-one-turn: bad', aspectRatio: 'sideways' },
						},
					],
				}
			: { text: 'done' },
	// a Task ID that is not one: refused by the node's own check, nothing asked of QuickRouter
	'invalid-get': ({ turn }) =>
		turn === 0
			? { toolCalls: [{ tool: GET_TOOL, args: { taskId: 'the video I made yesterday' } }] }
			: { text: 'done' },
	// the agent runs over several input items: each item's calls create their own tasks
	'item-a': ({ turn }) => (turn === 0 ? create('item-a: a red balloon', '9:16') : { text: 'done' }),
	'item-b': ({ turn }) => (turn === 0 ? create('item-b: a blue kite', '16:9') : { text: 'done' }),
	// a Kling video: the model is an argument of the example's Create tool
	kling: ({ turn }) =>
		turn === 0
			? {
					toolCalls: [
						{
							tool: CREATE_TOOL,
							args: { prompt: 'kling: a paper boat', model: 'kling-v2-6', aspectRatio: '1:1' },
						},
					],
				}
			: { text: 'done' },
};

/** A create with the example tool's arguments: on the default model, Veo 3.1 Fast. */
function create(prompt: string, aspectRatio: string): ScriptedTurn {
	return { toolCalls: [{ tool: CREATE_TOOL, args: { prompt, aspectRatio } }] };
}

/** The task ID in what a tool call returned to the LLM (a JSON list of items, or an object). */
function taskIdIn(exchange: ToolExchange | undefined): string {
	const parsed = JSON.parse(exchange?.result || 'null') as unknown;
	const first = (Array.isArray(parsed) ? parsed[0] : parsed) as { id?: string } | null;
	return first?.id ?? 'no-task-id-returned';
}

function scenarioOf(conversation: Conversation): (conversation: Conversation) => ScriptedTurn {
	const name = conversation.user.split(':')[0];
	const scenario = SCENARIOS[name];
	if (!scenario) throw new Error(`no scenario for the prompt "${conversation.user}"`);
	return scenario;
}

let n8n: N8nInstance;
let simulator: QuickRouterSimulator;
let llm: ScriptedChatModel;

beforeAll(async () => {
	n8n = new N8nInstance(ensureToolchain(), process.env.QUICKROUTER_E2E_TARBALL!);
	simulator = await QuickRouterSimulator.start({ taskDurationMs: 60_000 });
	llm = await ScriptedChatModel.start((conversation) => scenarioOf(conversation)(conversation));
	await n8n.importCredentials([
		{
			...CREDENTIAL,
			type: 'quickRouterApi',
			data: { apiKey: simulator.apiKey, baseUrl: simulator.url },
		},
		{ ...LLM_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-scripted', url: llm.url } },
	]);
});
afterAll(async () => {
	await simulator?.stop();
	await llm?.stop();
});

// The tools exactly as the shipped example workflow has them (its README section shows it).
const TOOLS = exampleWorkflow('ai-agent-tool.workflow.json').nodes.filter((node) =>
	node.type.endsWith('quickRouterTool'),
);

/** The tasks the simulator created for prompts starting with `scenario`. */
function tasksOf(scenario: string) {
	return [...simulator.tasks.values()].filter((task) =>
		task.input.prompt.startsWith(`${scenario}:`),
	);
}

/**
 * The executions each agent version gets: each a list of scenarios, one input item each. Agent 2.2
 * runs all of them as items of one execution. n8n's Agent 3.1 mixes the items of one execution up
 * when a conversation needs a second round of tool calls (it gives every item the history of the
 * item that asked last, and runs finished items again): there, each conversation of several turns
 * runs on its own, and the several-items case uses one-turn conversations.
 */
const EXECUTIONS: Record<number, string[][]> = {
	2.2: [Object.keys(SCENARIOS)],
	3.1: [
		['bad-then-good'],
		['create-then-get'],
		['two-in-one-turn'],
		['invalid-get'],
		['item-a', 'item-b'],
		['kling'],
	],
};

describe.each(AGENT_VERSIONS)('QuickRouter as tools of n8n AI Agent %s (real n8n)', (version) => {
	beforeAll(async () => {
		simulator.reset();
		llm.reset();
		for (const [index, scenarios] of (EXECUTIONS[version] ?? [Object.keys(SCENARIOS)]).entries()) {
			const workflowId = `e2eAgent${String(version).replace('.', '')}n${index}`;
			const prompts = scenarios.map((name) => `${name}: go`);
			await n8n.importWorkflow(agentWorkflow(workflowId, version, prompts, TOOLS));
			const started = Date.now();
			const result = await n8n.execute(workflowId);
			phase(
				`agent ${version}: ${scenarios.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
			);
			expect(result.data.resultData.error).toBeUndefined();
		}
		for (const name of Object.keys(SCENARIOS)) {
			for (const exchange of llm.exchangesOf(`${name}: go`)) {
				phase(
					`  ${name} | ${exchange.tool}(${JSON.stringify(exchange.args)}) -> ${exchange.result.slice(0, 240)}`,
				);
			}
		}
		phase(
			`agent ${version}: ${simulator.requestsTo('create').length} create requests, ${simulator.requestsTo('query').length} queries`,
		);
	});

	const exchangesOf = (scenario: string): ToolExchange[] => llm.exchangesOf(`${scenario}: go`);

	it('a bad create is refused with the field named; the corrected call creates exactly one task', () => {
		const [bad, good] = exchangesOf('bad-then-good');
		expect(bad.result).toMatch(/Aspect Ratio must be 16:9 or 9:16/);
		expect(good.result).not.toMatch(/error/i);
		const tasks = tasksOf('bad-then-good');
		expect(tasks).toHaveLength(1);
		expect(tasks[0].input).toMatchObject({ model: 'veo3.1-fast', aspect_ratio: '16:9' });
		expect(taskIdIn(good)).toBe(tasks[0].id);
	});

	it('create, then get by the returned ID: Get runs its own check and reads that task', () => {
		const [created, got] = exchangesOf('create-then-get');
		const tasks = tasksOf('create-then-get');
		expect(tasks).toHaveLength(1);
		expect(taskIdIn(created)).toBe(tasks[0].id);
		expect(JSON.parse(got.result)).toEqual([
			expect.objectContaining({ id: tasks[0].id, status: 'queued' }),
		]);
		expect(
			simulator.requestsTo('query').filter((request) => request.query.id === tasks[0].id),
		).toHaveLength(1);
	});

	it('two creates in one turn, one bad: the good one creates its task, the bad one nothing, each told its own', () => {
		const exchanges = exchangesOf('two-in-one-turn');
		const good = exchanges.find((exchange) => exchange.args.prompt === 'two-in-one-turn: good')!;
		const bad = exchanges.find((exchange) => exchange.args.prompt === 'two-in-one-turn: bad')!;
		const tasks = tasksOf('two-in-one-turn');
		expect(tasks.map((task) => task.input.prompt)).toEqual(['two-in-one-turn: good']);
		expect(taskIdIn(good)).toBe(tasks[0].id);
		expect(bad.result).toMatch(/Aspect Ratio must be 16:9 or 9:16/);
		expect(bad.result).not.toContain(tasks[0].id);
		expect(
			simulator
				.requestsTo('create')
				.filter(
					(request) => (request.body as { prompt?: string }).prompt === 'two-in-one-turn: bad',
				),
		).toHaveLength(0);
	});

	it('an invalid Task ID on Get is refused by the node before QuickRouter is asked', () => {
		const [refused] = exchangesOf('invalid-get');
		expect(refused.result).toMatch(/Task ID must look like/);
		expect(
			simulator.requestsTo('query').filter((request) => request.query.id?.includes('yesterday')),
		).toHaveLength(0);
	});

	it("makes a Kling video when the LLM picks a Kling model, on Kling's own route", () => {
		const [created] = exchangesOf('kling');
		const tasks = tasksOf('kling');
		expect(tasks).toHaveLength(1);
		expect(tasks[0]).toMatchObject({
			family: 'kling',
			input: { model: 'kling-v2-6', aspect_ratio: '1:1' },
		});
		expect(taskIdIn(created)).toBe(`kling:text2video:${tasks[0].id}`);
	});

	it('over several input items, each item’s calls create their own task', () => {
		for (const scenario of ['item-a', 'item-b']) {
			const [created] = exchangesOf(scenario);
			const tasks = tasksOf(scenario);
			expect(tasks).toHaveLength(1);
			expect(taskIdIn(created)).toBe(tasks[0].id);
		}
	});

	it('tells the LLM what each tool does, that Create returns a task ID and takes minutes, and that Get checks it later', () => {
		const offered = llm.requests[0].tools;
		for (const tool of offered) {
			phase(
				`  tool ${tool.name}: "${tool.description}" ${JSON.stringify(tool.parameters.properties)}`,
			);
		}
		const createTool = offered.find((tool) => tool.name === CREATE_TOOL)!;
		const getTool = offered.find((tool) => tool.name === GET_TOOL)!;
		expect(createTool.description).toMatch(/video/i);
		expect(createTool.description).toMatch(/task ID/);
		expect(createTool.description).toMatch(/minutes/);
		expect(getTool.description).toMatch(/task ID/);
		expect(getTool.description).toMatch(/later/);
		// the fields the agent fills, as the example words them
		const createArgs = createTool.parameters.properties ?? {};
		expect(createArgs.prompt?.description).toMatch(
			/task ID at once; the video takes a few minutes/,
		);
		expect(getTool.parameters.properties?.taskId?.description).toMatch(
			/task ID that Create_Video returned.*Call again later/,
		);
	});
});
