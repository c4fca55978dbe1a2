/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test harness: it times a cancel the way a person would */
import {
	DirectoryLoader,
	ExecuteContext,
	ExecutionLifecycleHooks,
	RoutingNode,
	WorkflowExecute,
} from 'n8n-core';
import {
	BINARY_ENCODING,
	createRunExecutionData,
	type IBinaryData,
	type IConnections,
	NodeConnectionTypes,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { QuickRouter } from '../../nodes/QuickRouter/QuickRouter.node';
import { clock } from '../../nodes/QuickRouter/run/clock';
import { TestCredentialsHelper } from './credentials';

export const QUICKROUTER_NODE_TYPE = 'n8n-nodes-quickrouter.quickRouter';
const INPUT_NODE_TYPE = 'test.input';
const INPUT_NODE = 'Rows';
const NODE_UNDER_TEST = 'QuickRouter';

/** The source of the test's items: its output is pinned, as a trigger's would be. */
class InputNode implements INodeType {
	description = {
		displayName: 'Rows',
		name: INPUT_NODE_TYPE,
		group: ['trigger'],
		version: 1,
		description: 'Test input',
		defaults: { name: INPUT_NODE },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as INodeType['description'];

	async execute(): Promise<INodeExecutionData[][]> {
		return [[]];
	}
}

/**
 * As n8n's server loads a declarative node: n8n-core's loader adds the "Request Options" setting
 * (batching, timeout, proxy), and the cli's NodeTypes gives it an execute() that runs RoutingNode,
 * so that it runs with the execution's cancel signal like every other node.
 */
function asLoadedByN8n(nodeType: INodeType): INodeType {
	if (nodeType.execute || !nodeType.description.requestDefaults) return nodeType;
	DirectoryLoader.applyDeclarativeNodeOptionParameters(nodeType);
	nodeType.execute = async function (this: IExecuteFunctions) {
		return (await new RoutingNode(this as ExecuteContext, nodeType).runNode()) ?? [];
	};
	return nodeType;
}

/**
 * The node as n8n's server makes its AI-agent tool variant (`<type>Tool`, on the ai_tool output):
 * the same description and routing, run by RoutingNode.
 */
function asToolVariant(nodeType: INodeType): INodeType {
	const loaded = asLoadedByN8n(nodeType);
	return {
		...loaded,
		description: {
			...loaded.description,
			name: `${loaded.description.name}Tool`,
			inputs: [],
			outputs: [NodeConnectionTypes.AiTool],
		},
	} as INodeType;
}

const nodeTypeByName: Record<string, INodeType> = {
	[QUICKROUTER_NODE_TYPE]: asLoadedByN8n(new QuickRouter()),
	[`${QUICKROUTER_NODE_TYPE}Tool`]: asToolVariant(new QuickRouter()),
	[INPUT_NODE_TYPE]: new InputNode(),
};

/** Adds a node type the engine can run (a test's own, such as a scripted agent). */
export function registerNodeType(type: string, nodeType: INodeType): void {
	nodeTypeByName[type] = nodeType;
}

export const nodeTypes: INodeTypes = {
	getByName: (type) => nodeTypeByName[type],
	getByNameAndVersion: (type) => nodeTypeByName[type],
	getKnownTypes: () => ({}),
} as INodeTypes;

export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

export interface RunOptions {
	parameters: INodeParameters;
	items: IDataObject[];
	credentials: ICredentialDataDecryptedObject;
	onError?: OnError;
	/** n8n's node settings besides On Error, such as Retry On Fail. */
	settings?: Pick<INode, 'retryOnFail' | 'maxTries' | 'waitBetweenTries'>;
	mode?: WorkflowExecuteMode;
	/** Cancel the execution this long after it starts, as the Stop button does. */
	cancelAfterMs?: number;
}

export interface RunResult {
	/** The node's outputs: [main] or, with the error output, [main, error]. */
	outputs: INodeExecutionData[][];
	/** The error that stopped the workflow, if one did. */
	error?: Error & { description?: string; context?: IDataObject; httpCode?: string | null };
	run?: IRun;
	/** The run was cancelled (see `cancelAfterMs`). */
	cancelled?: boolean;
}

const CANCEL_GRACE_MS = 3000;

/** The input node every test workflow starts from: its items are the test's rows. */
export const ROWS_NODE: INode = {
	id: 'rows',
	name: INPUT_NODE,
	type: INPUT_NODE_TYPE,
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** Runs Rows -> QuickRouter through n8n-core's WorkflowExecute, the engine n8n runs. */
export async function runQuickRouter(options: RunOptions): Promise<RunResult> {
	const quickRouter: INode = {
		id: 'quickrouter',
		name: NODE_UNDER_TEST,
		type: QUICKROUTER_NODE_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters: options.parameters,
		credentials: { quickRouterApi: { id: 'cred-1', name: 'QuickRouter account' } },
		...(options.onError ? { onError: options.onError } : {}),
		...options.settings,
	};
	const connections = {
		[INPUT_NODE]: { main: [[{ node: NODE_UNDER_TEST, type: NodeConnectionTypes.Main, index: 0 }]] },
	};
	return await runWorkflow({ ...options, nodes: [ROWS_NODE, quickRouter], connections });
}

export interface WorkflowRunOptions
	extends Pick<RunOptions, 'items' | 'credentials' | 'mode' | 'cancelAfterMs'> {
	/** The workflow's nodes, ROWS_NODE (which gets the items) among them. */
	nodes: INode[];
	connections: IConnections;
	/** Whose output the result gives (default: the QuickRouter node). */
	outputOf?: string;
}

/** Runs any workflow that starts from ROWS_NODE through n8n-core's WorkflowExecute. */
export async function runWorkflow(options: WorkflowRunOptions): Promise<RunResult> {
	const { nodes, connections } = options;
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes,
		connections,
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const workflowData: IWorkflowBase = {
		id: 'test-workflow',
		name: 'QuickRouter test',
		active: false,
		isArchived: false,
		activeVersionId: null,
		nodes,
		connections,
		createdAt: new Date(),
		updatedAt: new Date(),
		settings: { executionOrder: 'v1' },
	} as IWorkflowBase;

	const mode = options.mode ?? 'manual';
	const additionalData = createAdditionalData(options.credentials, mode, workflowData);

	const workflowExecute = new WorkflowExecute(additionalData, mode, createRunExecutionData());
	let run: IRun;
	try {
		const execution = workflowExecute.run({
			workflow,
			startNode: workflow.getNode(INPUT_NODE)!,
			pinData: { [INPUT_NODE]: options.items.map((json) => ({ json })) },
		});
		const { cancelAfterMs } = options;
		if (cancelAfterMs !== undefined) {
			// n8n's cancel does not settle the run promise (the server reports the run as cancelled
			// itself): give the nodes a moment to stop, then report what the simulator saw.
			await new Promise((resolve) => setTimeout(resolve, clock.realMs(cancelAfterMs)));
			execution.cancel();
			await new Promise((resolve) => setTimeout(resolve, clock.realMs(CANCEL_GRACE_MS)));
			return { outputs: [], cancelled: true };
		}
		run = await execution;
	} catch (error) {
		// n8n refuses to start a workflow whose nodes have issues (a required field left empty)
		return { outputs: [], error: error as RunResult['error'] };
	}

	const taskData = run.data.resultData.runData[options.outputOf ?? NODE_UNDER_TEST]?.[0];
	return {
		outputs: (taskData?.data?.main ?? []).map((output) => output ?? []),
		error: (run.data.resultData.error ?? undefined) as RunResult['error'],
		run,
	};
}

/** What n8n passes to every execution, reduced to what a node run reads. */
export function createAdditionalData(
	credentials: ICredentialDataDecryptedObject,
	mode: WorkflowExecuteMode = 'manual',
	workflowData?: IWorkflowBase,
): IWorkflowExecuteAdditionalData {
	const hooks = new ExecutionLifecycleHooks(
		mode,
		'test-execution',
		workflowData ?? ({} as IWorkflowBase),
	);
	return {
		credentialsHelper: new TestCredentialsHelper({ quickRouterApi: credentials }),
		hooks,
		executionId: 'test-execution',
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		variables: {},
		logAiEvent: () => {},
		getRunExecutionData: async () => undefined,
		executeWorkflow: async () => {
			throw new Error('not used by these tests');
		},
		getRuntimeCredential: async () => undefined,
		startRunnerTask: async () => {
			throw new Error('not used by these tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** The bytes of a binary field (these runs use n8n's default binary mode: in the item). */
export function readBinary(binary: IBinaryData): Buffer {
	if (binary.id) throw new Error(`binary data stored outside the item: ${binary.id}`);
	return Buffer.from(binary.data, BINARY_ENCODING);
}
