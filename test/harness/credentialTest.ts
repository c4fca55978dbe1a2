import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	createRunExecutionData,
	Workflow,
	type ICredentialDataDecryptedObject,
	type INode,
	type INodeType,
} from 'n8n-workflow';

import { credentialTypes } from './credentials';
import { createAdditionalData, nodeTypes, QUICKROUTER_NODE_TYPE } from './engine';

export type CredentialTestResult = { status: 'OK' } | { status: 'Error'; message: string };

/**
 * Runs a credential type's `test.request` the way n8n's CredentialsTester does: as the only
 * routed property of a copy of the node that uses it, through n8n-core's RoutingNode.
 */
export async function testCredential(
	type: string,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const testRequest = credentialTypes[type].test!.request;
	const nodeType = nodeTypes.getByName(QUICKROUTER_NODE_TYPE) as INodeType;
	const nodeTypeCopy: INodeType = {
		description: {
			...nodeType.description,
			credentials: [{ name: type, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest },
					default: '',
				},
			],
		},
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: QUICKROUTER_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type]: { id: 'cred-1', name: 'QuickRouter account' } },
	};
	const testNodeTypes = {
		...nodeTypes,
		getByName: () => nodeTypeCopy,
		getByNameAndVersion: () => nodeTypeCopy,
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: testNodeTypes,
	});
	const context = new ExecuteContext(
		workflow,
		node,
		createAdditionalData(data, 'internal'),
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	try {
		await new RoutingNode(context, nodeTypeCopy, {
			id: 'cred-1',
			name: 'test',
			type,
			data,
		}).runNode();
		return { status: 'OK' };
	} catch (error) {
		const response = (error as { cause?: { response?: { status: number; statusText?: string } } })
			.cause?.response;
		if (response) {
			return {
				status: 'Error',
				message: response.statusText || `Received HTTP status code: ${response.status}`,
			};
		}
		return { status: 'Error', message: (error as Error).message };
	}
}
