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
 * Fields the API wants in one exact form, whatever form the row gave them in (the values were
 * checked before: see createInput). Done here rather than in routing expressions, which n8n would
 * evaluate for every item.
 */
const EXACT_FORM: Record<string, (value: unknown) => unknown> = {
	// "15" from a sheet is 15
	duration: Number,
	// "1, 3" is "1,3"
	character_timestamps: (value) => String(value).replace(/\s+/g, ''),
};

/**
 * preSend hook: optional fields the user left empty are not sent at all. Strings are trimmed,
 * blank list entries dropped, and empty strings or lists removed from the body; the fields of
 * EXACT_FORM are put in the form the API wants.
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
			body[key] = (EXACT_FORM[key]?.(compacted) ?? compacted) as IDataObject[keyof IDataObject];
		}
	}
	return requestOptions;
}
