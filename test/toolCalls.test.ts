import { quickRouterToolNode, runAgent, type ToolCall } from './harness/agent';
import { useSimulator } from './useSimulator';

/**
 * The node as an AI agent's tool, run the way n8n's AI Agent before version 3 runs tools (see
 * harness/agent): every call inside the agent's node run, sharing its execute data. Each call
 * must stand on its own: its own input check, its own task, its own answer.
 */

const simulator = useSimulator({ taskDurationMs: 60_000 });
const credentials = () => ({ apiKey: simulator().apiKey, baseUrl: simulator().url });

const TOOLS = [
	quickRouterToolNode('Create Video', {
		resource: 'video',
		operation: 'create',
		prompt: "={{ $fromAI('prompt', 'What the video shows', 'string') }}",
		aspectRatio: "={{ $fromAI('aspectRatio', '16:9 (landscape) or 9:16 (portrait)', 'string') }}",
	}),
	quickRouterToolNode('Get Video', {
		resource: 'video',
		operation: 'get',
		taskId: "={{ $fromAI('taskId', 'The task ID that Create_Video returned', 'string') }}",
	}),
];

// on the default model, Veo 3.1 Fast
const create = (prompt: string, aspectRatio = '9:16'): ToolCall => ({
	tool: 'Create_Video',
	args: { prompt, aspectRatio },
});
const get = (taskId: string): ToolCall => ({ tool: 'Get_Video', args: { taskId } });

function taskIdIn(result: string | undefined): string | undefined {
	const [first] = JSON.parse(result ?? '[]') as Array<{ id?: string }>;
	return first?.id;
}

describe('QuickRouter as an AI agent tool (calls inside the agent run, n8n-core engine)', () => {
	it('a call with a bad argument is refused, and the corrected call then creates exactly one task', async () => {
		const run = await runAgent(
			TOOLS,
			[[[create('a fox', 'sideways')], [create('a fox', '16:9')]]],
			credentials(),
		);

		expect(run.error).toBeUndefined();
		const [bad, good] = run.calls[0];
		expect(bad.thrown).toBeUndefined();
		expect(JSON.parse(bad.result!)).toEqual([
			expect.objectContaining({
				error: expect.objectContaining({
					message: 'Item 1: Aspect Ratio must be 16:9 or 9:16, not "sideways"',
				}),
			}),
		]);
		expect(simulator().tasks.size).toBe(1);
		const [task] = simulator().tasks.values();
		expect(task.input).toMatchObject({ model: 'veo3.1-fast', aspect_ratio: '16:9' });
		expect(taskIdIn(good.result)).toBe(task.id);
	});

	it('Get after Create runs its own Task ID check, and reads the task Create made', async () => {
		const run = await runAgent(
			TOOLS,
			[[[create('a cat')], [get('{{created}}')], [get('not a task id')]]],
			credentials(),
		);

		const [created, got, refused] = run.calls[0];
		const [task] = simulator().tasks.values();
		expect(taskIdIn(created.result)).toBe(task.id);
		expect(JSON.parse(got.result!)).toEqual([
			expect.objectContaining({ id: task.id, status: 'queued' }),
		]);
		expect(JSON.parse(refused.result!)).toEqual([
			expect.objectContaining({
				error: expect.objectContaining({
					message: expect.stringMatching(/^Item 1: Task ID must look like/),
				}),
			}),
		]);
		expect(
			simulator()
				.requestsTo('query')
				.map((request) => request.query.id),
		).toEqual([task.id]);
	});

	it('an agent run over two input items: each item’s call creates its own task', async () => {
		const run = await runAgent(
			TOOLS,
			[[[create('item one')]], [[create('item two', '16:9')]]],
			credentials(),
		);

		expect(run.calls).toHaveLength(2);
		const prompts = new Map(
			[...simulator().tasks.values()].map((task) => [task.id, task.input.prompt]),
		);
		expect(prompts.size).toBe(2);
		expect(prompts.get(taskIdIn(run.calls[0][0].result)!)).toBe('item one');
		expect(prompts.get(taskIdIn(run.calls[1][0].result)!)).toBe('item two');
	});

	it('two creates in one turn, one bad: only the good one reaches QuickRouter, and each hears its own answer', async () => {
		const run = await runAgent(
			TOOLS,
			[[[create('good one'), create('bad one', 'sideways')]]],
			credentials(),
		);

		const [good, bad] = run.calls[0];
		expect(
			simulator()
				.requestsTo('create')
				.map((request) => (request.body as { prompt: string }).prompt),
		).toEqual(['good one']);
		const [task] = simulator().tasks.values();
		expect(taskIdIn(good.result)).toBe(task.id);
		expect(bad.result).toContain('Aspect Ratio must be 16:9 or 9:16');
		expect(bad.result).not.toContain(task.id);
	});

	it('a failure QuickRouter gives reaches the LLM as the error text, not as nothing', async () => {
		simulator().answerNext('create', {
			status: 402,
			body: { error: { message: 'Insufficient balance', type: 'billing' } },
		});

		const run = await runAgent(TOOLS, [[[create('a cat')]]], credentials());

		const [call] = run.calls[0];
		expect(call.thrown).toBeUndefined();
		expect(JSON.parse(call.result!)).toEqual([
			expect.objectContaining({
				error: expect.objectContaining({
					message: 'Item 1: Your QuickRouter balance is too low: Insufficient balance',
					taskMayExist: false,
					httpCode: '402',
				}),
			}),
		]);
	});

	it('after a failure that may have made the task, the LLM is told, in the error itself, not to create again', async () => {
		simulator().answerNext('create', { status: 500, afterCreate: true });

		const run = await runAgent(TOOLS, [[[create('a cat')]]], credentials());

		const [answer] = JSON.parse(run.calls[0][0].result!) as Array<{ error: { message: string } }>;
		expect(answer.error.message).toMatch(
			/^Item 1: QuickRouter failed on its side \(HTTP 500\).*\. Do not call Create again for this video: the task may exist, and every create is paid\. Tell the user/,
		);
		expect(simulator().requestsTo('create')).toHaveLength(1);
	});

	it('after a failure that made the task all the same (Kling, found by its key), the LLM is told its ID, for Get', async () => {
		simulator().answerNext('klingCreate', { status: 500, afterCreate: true });
		const tools = [
			quickRouterToolNode('Create Video', {
				resource: 'video',
				operation: 'create',
				model: 'kling-v2-6',
				prompt: "={{ $fromAI('prompt', 'What the video shows', 'string') }}",
			}),
		];

		const run = await runAgent(
			tools,
			[[[{ tool: 'Create_Video', args: { prompt: 'a cat' } }]]],
			credentials(),
		);

		const [answer] = JSON.parse(run.calls[0][0].result!) as Array<{ error: { message: string } }>;
		const [task] = simulator().tasks.values();
		expect(answer.error.message).toContain(
			`The task kling:text2video:${task.id} exists: look it up with Get later instead of creating it again.`,
		);
		expect(simulator().requestsTo('klingCreate')).toHaveLength(1);
	});

	it('tells the LLM what each tool does and returns, and what comes next ("Set Automatically")', async () => {
		const run = await runAgent(TOOLS, [[[get('sora-2:task_none')]]], credentials());

		const createTool = run.tools.find((tool) => tool.name === 'Create_Video')!;
		const getTool = run.tools.find((tool) => tool.name === 'Get_Video')!;
		expect(createTool.description).toMatch(/^Create a video: returns a task ID at once/);
		expect(createTool.description).toMatch(/minutes/);
		expect(createTool.description).toMatch(/check it later with Get a video task/);
		expect(getTool.description).toMatch(/^Get a video task: the status, progress/);
		expect(getTool.description).toMatch(/task ID that Create a video returned, for checking later/);
	});
});
