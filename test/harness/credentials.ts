import {
	ICredentialsHelper,
	type IAuthenticateGeneric,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IHttpRequestOptions,
	type INode,
	type INodeProperties,
	type Workflow,
} from 'n8n-workflow';

import { QuickRouterApi } from '../../credentials/QuickRouterApi.credentials';

export const credentialTypes: Record<string, ICredentialType> = {
	quickRouterApi: new QuickRouterApi(),
};

/**
 * Hands the engine the credential data a test chose, and applies a credential type's generic
 * `authenticate` the way n8n's own CredentialsHelper does: each entry is an expression over
 * `$credentials`, written into the request.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly dataByType: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const authenticate = credentialTypes[typeName]?.authenticate as
			| IAuthenticateGeneric
			| undefined;
		if (authenticate?.type !== 'generic') return requestOptions;
		const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [part, entries] of Object.entries(authenticate.properties)) {
			target[part] = { ...(target[part] ?? {}) };
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				target[part][key] = workflow.expression.getSimpleParameterValue(
					node,
					value,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				);
			}
		}
		return requestOptions;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these tests');
	}

	async getDecrypted(
		_additionalData: unknown,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.dataByType[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return { ...data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type]?.properties ?? [];
	}
}
