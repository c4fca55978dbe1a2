import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

function compact(value: unknown): unknown {
	if (typeof value === 'string') return value.trim();
	if (Array.isArray(value)) return value.filter((entry) => !isBlank(entry)).map(compact);
	return value;
}

/**
 * preSend hook: optional fields the user left empty are not sent at all. Strings are trimmed,
 * blank list entries dropped, and empty strings or lists removed from the body.
 */
export async function compactRequestBody(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body = requestOptions.body as IDataObject | undefined;
	if (typeof body !== 'object' || body === null) return requestOptions;

	for (const [key, value] of Object.entries(body)) {
		const compacted = compact(value);
		if (isBlank(compacted) || (Array.isArray(compacted) && compacted.length === 0)) {
			delete body[key];
		} else {
			body[key] = compacted as IDataObject[keyof IDataObject];
		}
	}
	return requestOptions;
}
