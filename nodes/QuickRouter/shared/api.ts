import type { IDataObject } from 'n8n-workflow';

/**
 * The shapes QuickRouter answers with. Everything that reads a response goes through here.
 */

/** A video task as `POST /v1/video/create` returns it. */
export interface VideoTask extends IDataObject {
	id: string;
	status: string;
	/** Milliseconds since the epoch. */
	status_update_time?: number;
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The API's own explanation from an error response, if it gave one. Documented shape:
 * `{"error": {"message", "message_zh", "type"}}`; relays of the same family answer
 * `{"code", "message", "data"}`. An HTML error page is not a message.
 */
export function apiErrorMessage(body: unknown): string | undefined {
	if (typeof body === 'string') {
		const text = body.trim();
		if (text === '' || text.startsWith('<')) return undefined;
		try {
			return apiErrorMessage(JSON.parse(text));
		} catch {
			return text.slice(0, 500);
		}
	}
	if (!isObject(body)) return undefined;
	const { error, message } = body;
	if (isObject(error) && typeof error.message === 'string' && error.message !== '') {
		return error.message;
	}
	if (typeof error === 'string' && error !== '') return error;
	if (typeof message === 'string' && message !== '') return message;
	return undefined;
}
