/* eslint-disable @n8n/community-nodes/no-restricted-imports -- e2e test tooling */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from './toolchain';

/** Workflows the e2e run imports into n8n: built here, so that ids and addresses fit the run. */

export const CREDENTIAL = { id: 'qrE2eCredential1', name: 'QuickRouter (simulator)' };
export const NODE_TYPE = 'n8n-nodes-quickrouter.quickRouter';

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: string;
	webhookId?: string;
}

export interface Workflow {
	id: string;
	name: string;
	active: boolean;
	nodes: WorkflowNode[];
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: 'main'; index: number }>> }
	>;
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

/** Manual Trigger -> rows (Edit Fields, Split Out) -> QuickRouter. */
export function rowsWorkflow(id: string, rows: object[], quickRouter: WorkflowNode): Workflow {
	return chainedWorkflow(id, [
		{
			id: 'trigger',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
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
