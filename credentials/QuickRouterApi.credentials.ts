import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * The API root as an expression over the credential: whatever the user typed, without
 * trailing slashes or a `/v1` suffix, because every route adds `/v1/...` itself. For the test
 * request only, which cannot run code; the node's requests use apiRootOf (nodes/.../apiRoot.ts).
 */
export const API_ROOT_URL_EXPRESSION =
	'={{ String($credentials.baseUrl).trim().replace(/\\/+$/, "").replace(/\\/v1$/i, "") }}';

export class QuickRouterApi implements ICredentialType {
	name = 'quickRouterApi';

	displayName = 'QuickRouter API';

	icon: Icon = {
		light: 'file:../icons/quickrouter.svg',
		dark: 'file:../icons/quickrouter.dark.svg',
	};

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-quickrouter#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Your QuickRouter API key, from the API keys page of your QuickRouter account',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: 'https://api.quickrouter.ai',
			placeholder: 'e.g. https://relay.example.com',
			description:
				'Where QuickRouter is reached. Keep the default unless you use a compatible relay or a proxy. A trailing slash or "/v1" is fine.',
		},
	];

	// Trimmed: a key pasted with a space or a new line around it still works (HTTP drops the
	// whitespace anyway), and the node can find it to keep it out of everything it outputs.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{ String($credentials.apiKey).trim() }}',
			},
		},
	};

	// Listing models is free and answers 401 to a wrong key. A redirect is not followed: the key
	// goes to the Base URL and nowhere else (as for the node's own requests).
	test: ICredentialTestRequest = {
		request: {
			baseURL: API_ROOT_URL_EXPRESSION,
			url: '/v1/models',
			method: 'GET',
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		},
	};
}
