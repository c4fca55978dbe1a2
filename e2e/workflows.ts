/* eslint-disable @n8n/community-nodes/no-restricted-imports -- e2e test tooling */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from './toolchain';

/** Workflows the e2e run imports into n8n: built here, so that ids and addresses fit the run. */

export const CREDENTIAL = { id: 'qrE2eCredential1', name: 'QuickRouter (simulator)' };
export const NODE_TYPE = 'n8n-nodes-quickrouter.quickRouter';

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: string;
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	webhookId?: string;
}

/** A node's outgoing connections by type (main, ai_tool, ai_languageModel, ...). */
type Connections = Record<string, Array<Array<{ node: string; type: string; index: number }>>>;

export interface Workflow {
	id: string;
	name: string;
	active: boolean;
	nodes: WorkflowNode[];
	connections: Record<string, Connections>;
	settings: Record<string, unknown>;
}

export function quickRouterNode(
	parameters: Record<string, unknown>,
	extra: Partial<WorkflowNode> = {},
): WorkflowNode {
	return {
		id: 'quickrouter',
		name: 'QuickRouter',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [660, 0],
		parameters,
		credentials: { quickRouterApi: CREDENTIAL },
		...extra,
	};
}

/** A workflow of nodes connected one after another, each to the next. */
export function chainedWorkflow(id: string, nodes: WorkflowNode[]): Workflow {
	const connections: Workflow['connections'] = {};
	for (let index = 0; index + 1 < nodes.length; index++) {
		connections[nodes[index].name] = {
			main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]],
		};
	}
	return {
		id,
		name: `e2e ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes,
		connections,
	};
}

/** The Manual Trigger the workflows start from. */
export const MANUAL_TRIGGER: WorkflowNode = {
	id: 'trigger',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** Manual Trigger -> rows (Edit Fields, Split Out) -> QuickRouter. */
export function rowsWorkflow(id: string, rows: object[], quickRouter: WorkflowNode): Workflow {
	return chainedWorkflow(id, [
		MANUAL_TRIGGER,
		{
			id: 'rows',
			name: 'Rows',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ rows }) },
		},
		{
			id: 'split',
			name: 'Split Rows',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [440, 0],
			parameters: { fieldToSplitOut: 'rows' },
		},
		quickRouter,
	]);
}

/**
 * Webhook (POST at `path`, answering when the last node finishes, with its first item unless
 * `responseData` says otherwise) -> the QuickRouter node.
 */
export function webhookWorkflow(
	id: string,
	path: string,
	quickRouter: WorkflowNode,
	responseData?: string,
): Workflow {
	return chainedWorkflow(id, [
		{
			id: 'webhook',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: randomUUID(),
			parameters: {
				httpMethod: 'POST',
				path,
				responseMode: 'lastNode',
				...(responseData ? { responseData } : {}),
				options: {},
			},
		},
		quickRouter,
	]);
}

export const EXAMPLES = join(REPO_ROOT, 'examples');

/** An example workflow as shipped, with its file folder and credential pointed at this run's. */
export function exampleWorkflow(file: string, filesDir = '/home/node/.n8n-files'): Workflow {
	const text = readFileSync(join(EXAMPLES, file), 'utf8')
		.split('/home/node/.n8n-files')
		.join(filesDir)
		.split('qrExampleCredential')
		.join(CREDENTIAL.id);
	return JSON.parse(text) as Workflow;
}

/** The OpenAI credential whose Base URL points at the scripted chat model (ScriptedChatModel). */
export const LLM_CREDENTIAL = { id: 'qrE2eScriptedLlm1', name: 'Scripted LLM' };

/**
 * Manual Trigger -> rows (one item per prompt, as `chatInput`) -> n8n's AI Agent at
 * `agentVersion`, with n8n's OpenAI Chat Model (the scripted LLM) and `tools` on its ai_tool input.
 */
export function agentWorkflow(
	id: string,
	agentVersion: number,
	prompts: string[],
	tools: WorkflowNode[],
): Workflow {
	const workflow = rowsWorkflow(
		id,
		prompts.map((chatInput) => ({ chatInput })),
		{
			id: 'agent',
			name: 'Agent',
			type: '@n8n/n8n-nodes-langchain.agent',
			typeVersion: agentVersion,
			position: [660, 0],
			parameters: {
				promptType: 'define',
				text: '={{ $json.chatInput }}',
				options: { systemMessage: 'You make videos with the QuickRouter tools.' },
			},
		},
	);
	workflow.nodes.push(
		{
			id: 'chat-model',
			name: 'Chat Model',
			type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
			typeVersion: 1.3,
			position: [560, 220],
			parameters: {
				model: { __rl: true, mode: 'id', value: 'gpt-scripted' },
				responsesApiEnabled: false,
				options: {},
			},
			credentials: { openAiApi: LLM_CREDENTIAL },
		},
		...tools,
	);
	workflow.connections['Chat Model'] = {
		ai_languageModel: [[{ node: 'Agent', type: 'ai_languageModel', index: 0 }]],
	};
	for (const tool of tools) {
		workflow.connections[tool.name] = { ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] };
	}
	return workflow;
}
