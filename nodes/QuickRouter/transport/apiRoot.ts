import type {
	DeclarativeRestApiSettings,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { runStateOf } from '../run/runState';

/**
 * The API root a Base URL stands for: without spaces, trailing slashes or a `/v1` suffix, since
 * every route adds `/v1/...` itself. The credential's test request does the same in an expression
 * (API_ROOT_URL_EXPRESSION), the one place where code cannot run.
 */
export function apiRootOf(baseUrl: unknown): string {
	return String(baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/v1$/i, '');
}

/** The API root of this run's credential, read once for all items. */
export async function runApiRoot(context: IExecuteSingleFunctions): Promise<string> {
	const run = runStateOf(context);
	run.apiRoot ??= context
		.getCredentials<{ baseUrl?: string }>('quickRouterApi')
		.then((credentials) => apiRootOf(credentials.baseUrl));
	return await run.apiRoot;
}

/**
 * How every request that carries the API key is sent: redirects are not followed, so the key
 * reaches the credential's API root and no other origin (n8n would copy it onto a redirect to
 * another host). A redirect answer becomes a clear error (apiErrors.ts throwOnPaidTaskError; lookUpTask for reads).
 */
export const KEEP_KEY_AT_API_ROOT = {
	disableFollowRedirect: true,
	sendCredentialsOnCrossOriginRedirect: false,
} satisfies Partial<IHttpRequestOptions>;

/**
 * How a request of the node's own that carries the key is sent: as KEEP_KEY_AT_API_ROOT, and held
 * to the credential's Allowed HTTP Request Domains, which RoutingNode put on the routed request
 * (n8n refuses a request to another domain before sending it).
 */
export function keySettingsOf(
	request: DeclarativeRestApiSettings.HttpRequestOptions,
): Partial<IHttpRequestOptions> {
	return {
		...KEEP_KEY_AT_API_ROOT,
		...(request.allowedDomains ? { allowedDomains: request.allowedDomains } : {}),
	};
}

/**
 * preSend hook: the request goes to the credential's API root, and only there (see
 * KEEP_KEY_AT_API_ROOT). The root is set here rather than as a `requestDefaults.baseURL`
 * expression, which n8n's engine evaluates twice for every item before it sends the first one.
 */
export async function sendToApiRoot(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	requestOptions.baseURL = await runApiRoot(this);
	Object.assign(requestOptions, KEEP_KEY_AT_API_ROOT);
	return requestOptions;
}

/**
 * What the node's own further requests (status checks, downloads) take over from the routed
 * request: the node's Request Options settings, a proxy and "Ignore SSL Issues".
 */
export function connectionSettingsOf(
	request: DeclarativeRestApiSettings.HttpRequestOptions,
): Pick<IHttpRequestOptions, 'proxy' | 'skipSslCertificateValidation'> {
	return {
		...(request.proxy ? { proxy: request.proxy } : {}),
		...(request.skipSslCertificateValidation === true
			? { skipSslCertificateValidation: true }
			: {}),
	};
}

/** The origin (scheme, host and port) of a web address, or undefined for one that is not. */
export function originOf(url: string): string | undefined {
	try {
		const { origin } = new URL(url);
		return origin === 'null' ? undefined : origin.toLowerCase();
	} catch {
		return undefined;
	}
}
