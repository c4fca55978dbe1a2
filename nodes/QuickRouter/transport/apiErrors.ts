import {
	NodeApiError,
	type IExecuteSingleFunctions,
	type IN8nHttpFullResponse,
	type IDataObject,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { noteOnError } from '../run/itemErrors';
import { apiErrorMessage, notAnObject, otherTaskAnswered, saysModelUnavailable } from './answers';
import type { FamilyRoutes } from './familyRoutes';
import { parseRetryAfter, rememberRetryAfter } from './retryPolicy';

interface FailureText {
	message: string;
	description: string;
}

/** What a request does: start a paid task (Create, Extend), or read one (Get, a status check). */
export type RequestKind = 'paid task' | 'read';

/** What a user should read for each kind of refusal, with the API's own words. */
export function describeApiFailure(
	statusCode: number,
	apiMessage: string | undefined,
	kind: RequestKind,
	retryAfterMs?: number,
): FailureText {
	const said = apiMessage ? `: ${apiMessage}` : '';
	if (statusCode === 400 || statusCode === 422) {
		return {
			message: `QuickRouter rejected the request${said}`,
			description:
				'One of the values sent was not accepted. Check the field the message names, then run the item again.',
		};
	}
	if (statusCode === 401) {
		return {
			message: `QuickRouter did not accept the API key${said}`,
			description:
				'Open the QuickRouter credential and check the API key (copy it again from your QuickRouter account).',
		};
	}
	if (statusCode === 402) {
		return {
			message: `Your QuickRouter balance is too low${said}`,
			description: 'Top up your QuickRouter account, then run the item again.',
		};
	}
	if (statusCode === 403) {
		return {
			message: `This API key has no access to that model or action${said}`,
			description:
				'Check that your QuickRouter plan includes the model, or pick another model. A low balance can also cause this.',
		};
	}
	if (statusCode === 429) {
		const wait =
			retryAfterMs === undefined
				? ''
				: ` QuickRouter asks to wait ${Math.ceil(retryAfterMs / 1000)} seconds.`;
		return {
			message: `QuickRouter's rate limit was reached${said}`,
			description: `QuickRouter turned the request away, so nothing was done or charged for it.${wait} Run again later, or send fewer items at a time (Settings > Request Options > Batching). For Create, "Max Attempts" under Options keeps trying longer.`,
		};
	}
	if (statusCode >= 500) {
		return {
			message: `QuickRouter failed on its side (HTTP ${statusCode})${said}`,
			description:
				kind === 'paid task'
					? 'The task may or may not have been created. Check your QuickRouter task list before running this item again, so that you do not pay twice.'
					: 'Looking a task up creates nothing, so it is safe to run this item again later.',
		};
	}
	return {
		message: `QuickRouter answered with HTTP ${statusCode}${said}`,
		description: 'The request did not succeed.',
	};
}

const unavailableModelErrors = new WeakSet<object>();

/** Whether the error is QuickRouter saying that the model is not available (nothing was made). */
export function isModelUnavailable(error: object): boolean {
	return unavailableModelErrors.has(error);
}

/**
 * A create's answer that says the model asked for is not available on this key (see
 * saysModelUnavailable): the refusal in the item's words, with what to do about it. Undefined for
 * any other answer.
 */
export function modelUnavailableError(
	context: IExecuteSingleFunctions,
	answer: { statusCode: number; body: unknown },
	model: string,
	advice: string | undefined,
): NodeApiError | undefined {
	if (!saysModelUnavailable(answer.body, answer.statusCode, model)) return undefined;
	const said = apiErrorMessage(answer.body);
	const error = new NodeApiError(context.getNode(), jsonOf(answer.body), {
		message: `The model ${model} is not available on this QuickRouter API key${said ? `: ${said}` : ''}`,
		description: `QuickRouter turned the request away before creating a task, so nothing was charged, and sending it again will not help.${advice ? ` ${advice}` : ''}`,
		// the status it came with (a relay may say it with a 200), never the answer's own code
		httpCode: String(answer.statusCode),
		itemIndex: context.getItemIndex(),
	});
	unavailableModelErrors.add(error);
	noteOnError(error, { taskMayExist: false });
	return error;
}

/** An answer body as NodeApiError keeps it: an object, or the text inside one. */
function jsonOf(body: unknown): JsonObject {
	return (
		typeof body === 'object' && body !== null && !Array.isArray(body)
			? body
			: { body: String(body) }
	) as JsonObject;
}

/** The answer a refused request's error was made from (the error keeps only its own view of it). */
const answerOfError = new WeakMap<object, { statusCode: number; body: unknown }>();

export function answerOf(error: object): { statusCode: number; body: unknown } | undefined {
	return answerOfError.get(error);
}

export function isRedirect(statusCode: number): boolean {
	return statusCode >= 300 && statusCode < 400;
}

/**
 * A redirect from QuickRouter's address is not followed (requests carrying the key are sent with
 * redirects off): the key goes to the credential's Base URL and nowhere else.
 */
function describeRedirect(response: IN8nHttpFullResponse): FailureText {
	const location = String(response.headers?.location ?? '');
	let target = 'another address';
	try {
		target = new URL(location).origin;
	} catch {
		if (location) target = location.slice(0, 100);
	}
	return {
		message: `QuickRouter's address answered with a redirect (HTTP ${response.statusCode}) to ${target}, which is not followed: the API key is only sent to the Base URL of the credential`,
		description:
			'Check the Base URL in the QuickRouter credential: https://api.quickrouter.ai, or the exact address of your relay (with https:// if it redirects there). Nothing was created.',
	};
}

/**
 * postReceive hook of the paid operations (Create, Extend): the request is sent with
 * `ignoreHttpStatusErrors` and without following redirects, so an error status or a redirect
 * arrives here and becomes an error that carries the API's own message. (A read's failures are
 * lookUpTask's.)
 */
export async function throwOnPaidTaskError(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	if (response.statusCode < 300) return items;
	throw await apiFailureError(this, response, 'paid task');
}

/**
 * The error for a refused request (or a redirect): the user-facing text for its status, with the
 * API's own message. (Some relays repeat the request's headers in their errors: the key is cut
 * out where the error leaves the node, see keepKeySecret.)
 */
export async function apiFailureError(
	context: IExecuteSingleFunctions,
	response: IN8nHttpFullResponse,
	kind: RequestKind,
	messagePrefix = '',
): Promise<NodeApiError> {
	const { body } = response;
	const retryAfterMs = parseRetryAfter(response.headers?.['retry-after']);
	const { message, description } = isRedirect(response.statusCode)
		? describeRedirect(response)
		: describeApiFailure(response.statusCode, apiErrorMessage(body), kind, retryAfterMs);
	const error = new NodeApiError(context.getNode(), jsonOf(body), {
		message: messagePrefix + message,
		description,
		httpCode: String(response.statusCode),
		itemIndex: context.getItemIndex(),
	});
	rememberRetryAfter(error, retryAfterMs);
	answerOfError.set(error, { statusCode: response.statusCode, body });
	return error;
}

/**
 * A success answer whose words are a failure (a family's own code, FamilyRoutes.failureIn): the
 * HTTP failure it stands for, its message saying what came (not that HTTP status).
 */
export async function failureInSuccessError(
	context: IExecuteSingleFunctions,
	failedAs: { statusCode: number; said: string },
	answer: unknown,
	kind: RequestKind,
	messagePrefix = '',
): Promise<NodeApiError> {
	const error = await apiFailureError(
		context,
		{ statusCode: failedAs.statusCode, headers: {}, body: answer as IDataObject },
		kind,
		messagePrefix,
	);
	const came = `${failedAs.said} in a success answer`;
	const asStatus = `(HTTP ${failedAs.statusCode})`;
	error.message = error.message.includes(asStatus)
		? error.message.replace(asStatus, `(${came})`)
		: `${error.message} (${came})`;
	return error;
}

/**
 * A success status whose answer is no task but an error (relays of this family answer
 * `{"code", "message", "data": null}` with 200): the API's refusal in another shape, not a task.
 */
export function errorInTaskAnswer(
	context: IExecuteSingleFunctions,
	answer: unknown,
	askedId: string,
	routes: FamilyRoutes,
	messagePrefix = '',
): NodeApiError | undefined {
	const shape = notAnObject(answer);
	if (shape) {
		return new NodeApiError(context.getNode(), {} as JsonObject, {
			message: `${messagePrefix}QuickRouter answered with ${shape} instead of the task`,
			description:
				'A task is answered as one JSON object. Check that the Base URL in the QuickRouter credential is the API itself, not a page or a proxy that rewrites answers.',
			itemIndex: context.getItemIndex(),
		});
	}
	const other = (routes.otherTaskIn ?? otherTaskAnswered)(answer, askedId);
	if (other) {
		return new NodeApiError(context.getNode(), {} as JsonObject, {
			message: `${messagePrefix}QuickRouter answered with another task (${JSON.stringify(other.slice(0, 80))}) than the one asked for`,
			description:
				'Its status and video belong to that task, so they are not taken for this one. Check that the Base URL in the QuickRouter credential is the API itself, not a cache or a proxy that mixes answers up.',
			itemIndex: context.getItemIndex(),
		});
	}
	// An answer with a status word, even one not known here, is a task: kept as it came.
	if (routes.readAnswer(answer) || routes.statusWord(answer)) return undefined;
	const said = apiErrorMessage(answer);
	if (!said) return undefined;
	return new NodeApiError(context.getNode(), (answer ?? {}) as JsonObject, {
		message: `${messagePrefix}QuickRouter answered with an error instead of the task: ${said}`,
		description: 'Check the task ID, and that it belongs to this API key.',
		itemIndex: context.getItemIndex(),
	});
}
