import {
	NodeConnectionTypes,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
} from 'n8n-workflow';

import {
	QUICKROUTER_NODE_TYPE,
	registerNodeType,
	ROWS_NODE,
	runWorkflow,
	type RunResult,
} from './engine';

/**
 * An AI agent the way n8n's AI Agent before version 3 runs its tools: inside its own node run,
 * through n8n-core's getInputConnectionData, which wraps each connected tool node as a LangChain
 * tool (n8n-core's createNodeAsTool) whose every call runs the node (makeHandleToolInvocation)
 * with the agent's execute data. The LLM is a script: for each input item, turns of tool calls,
 * the calls of one turn made at the same time, as an agent does with parallel tool calls.
 */

export const SCRIPTED_AGENT_TYPE = 'test.scriptedAgent';
const AGENT_NODE = 'Agent';

/** One tool call: the tool's name as the LLM sees it, and its arguments. */
export interface ToolCall {
	tool: string;
	/** Arguments; a value "{{created}}" becomes the task ID the item's last create returned. */
	args: IDataObject;
}

/** What came back from a call: the tool's text, or what it threw (n8n 2.2 hands the LLM ""). */
export interface ToolCallResult extends ToolCall {
	result?: string;
	thrown?: string;
}

interface CallableTool {
	name: string;
	description: string;
	invoke(args: IDataObject): Promise<unknown>;
}

const CREATED = '{{created}}';

function createdIdIn(results: ToolCallResult[]): string | undefined {
	for (const { result } of [...results].reverse()) {
		try {
			const parsed = JSON.parse(result ?? 'null') as Array<{ id?: string }> | null;
			const id = Array.isArray(parsed) ? parsed[0]?.id : undefined;
			if (id) return id;
		} catch {
			// not JSON: no task in it
		}
	}
	return undefined;
}

class ScriptedAgent implements INodeType {
	description = {
		displayName: 'Scripted agent',
		name: SCRIPTED_AGENT_TYPE,
		group: ['transform'],
		version: 1,
		description: 'Calls its tools as a script says',
		defaults: { name: AGENT_NODE },
		inputs: [
			NodeConnectionTypes.Main,
			{ type: NodeConnectionTypes.AiTool, displayName: 'Tools', required: true },
		],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const tools = (await this.getInputConnectionData(
				NodeConnectionTypes.AiTool,
				itemIndex,
			)) as CallableTool[];
			const turns = items[itemIndex].json.turns as ToolCall[][];
			const results: ToolCallResult[] = [];
			for (const turn of turns) {
				const created = createdIdIn(results);
				const answered = await Promise.all(
					turn.map(async (call): Promise<ToolCallResult> => {
						const tool = tools.find((candidate) => candidate.name === call.tool);
						if (!tool) throw new Error(`no tool ${call.tool}`);
						const args = Object.fromEntries(
							Object.entries(call.args).map(([key, value]) => [
								key,
								value === CREATED ? (created ?? 'none') : value,
							]),
						);
						try {
							return { ...call, args, result: String(await tool.invoke(args)) };
						} catch (error) {
							return { ...call, args, thrown: (error as Error).message };
						}
					}),
				);
				results.push(...answered);
			}
			out.push({
				json: {
					results: results as unknown as IDataObject[],
					tools: tools.map(({ name, description }) => ({ name, description })),
				},
				pairedItem: { item: itemIndex },
			});
		}
		return [out];
	}
}

registerNodeType(SCRIPTED_AGENT_TYPE, new ScriptedAgent());

/** A QuickRouter tool node: its name (the LLM sees it with "_" for spaces) and parameters. */
export function quickRouterToolNode(name: string, parameters: IDataObject): INode {
	return {
		id: name,
		name,
		type: `${QUICKROUTER_NODE_TYPE}Tool`,
		typeVersion: 1,
		position: [400, 200],
		parameters: parameters as INode['parameters'],
		credentials: { quickRouterApi: { id: 'cred-1', name: 'QuickRouter account' } },
	};
}

export interface AgentRun extends RunResult {
	/** By input item: every tool call and what came back from it. */
	calls: ToolCallResult[][];
	/** The tools the agent was given, as the LLM sees them. */
	tools: Array<{ name: string; description: string }>;
}

/** Rows -> the scripted agent, with these QuickRouter tool nodes, through n8n-core's engine. */
export async function runAgent(
	tools: INode[],
	scripts: ToolCall[][][],
	credentials: ICredentialDataDecryptedObject,
): Promise<AgentRun> {
	const agent: INode = {
		id: 'agent',
		name: AGENT_NODE,
		type: SCRIPTED_AGENT_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters: {},
	};
	const connections = {
		[ROWS_NODE.name]: { main: [[{ node: AGENT_NODE, type: NodeConnectionTypes.Main, index: 0 }]] },
		...Object.fromEntries(
			tools.map((tool) => [
				tool.name,
				{ ai_tool: [[{ node: AGENT_NODE, type: NodeConnectionTypes.AiTool, index: 0 }]] },
			]),
		),
	};
	const result = await runWorkflow({
		nodes: [ROWS_NODE, agent, ...tools],
		connections,
		items: scripts.map((turns) => ({ turns }) as unknown as IDataObject),
		credentials,
		outputOf: AGENT_NODE,
	});
	const items = result.outputs[0] ?? [];
	return {
		...result,
		calls: items.map((item) => item.json.results as unknown as ToolCallResult[]),
		tools: (items[0]?.json.tools as AgentRun['tools']) ?? [],
	};
}
