import type { IDataObject } from 'n8n-workflow';

/** An error item's `error` object (see run/itemErrors): the message and what else is known. */
export function errorOf(json: IDataObject): IDataObject | undefined {
	const { error } = json;
	return typeof error === 'object' && error !== null ? (error as IDataObject) : undefined;
}

/** An error item's message ("Item 3: ..."), or undefined for an item that is not an error. */
export function errorMessageOf(json: IDataObject): string | undefined {
	const message = errorOf(json)?.message;
	return typeof message === 'string' ? message : undefined;
}
