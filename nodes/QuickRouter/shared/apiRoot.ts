import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { runStateOf } from './runState';

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
 * preSend hook: the request goes to the credential's API root. Set here rather than as a
 * `requestDefaults.baseURL` expression, which n8n's engine evaluates twice for every item before
 * it sends the first one.
 */
export async function sendToApiRoot(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	requestOptions.baseURL = await runApiRoot(this);
	return requestOptions;
}
