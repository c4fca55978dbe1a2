import {
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type NodeApiError,
} from 'n8n-workflow';

import { asNodeError } from '../run/itemErrors';
import { isObject, withTaskId } from './answers';
import { AnswerTooLarge, AnswerTooSlow, answerWithin } from './answerWithin';
import { apiFailureError, errorInTaskAnswer, failureInSuccessError } from './apiErrors';
import { connectionSettingsOf, keySettingsOf } from './apiRoot';
import type { FamilyRoutes, ItemRequest } from './familyRoutes';
import {
	failureOfError,
	failureOfStatus,
	parseRetryAfter,
	refuseForGood,
	type Failure,
} from './retryPolicy';

/** A lookup's outcome: the task's answer, or the failure with the error it stands for. */
export type LookupOutcome =
	| { answer: IDataObject }
	| { failure: Failure; error: NodeApiError | NodeOperationError };

/**
 * A task's status is a few kilobytes, more where it echoes its input (an image given inline): an
 * answer past this is no status but a host that does not stop.
 */
const LOOKUP_ANSWER_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Reads a task once, where and as its family's routes say: the one read that Get and the status
 * checks share. The answer is read whole
 * within `withinMs` (n8n's own timeout counts only silence); a read that gives up closes its
 * connection. The key goes to the API root only. Whatever is not the task becomes a failure with
 * an error in the item's words, prefixed by `messagePrefix`: an error status, an answer too slow or
 * too large, no object, another task, an error in a success's shape. The answer is named by the
 * ID asked for (see withTaskId). Whether to read again is the caller's (a read is always safe).
 */
export async function lookUpTask(
	context: IExecuteSingleFunctions,
	taskId: string,
	routes: FamilyRoutes,
	request: DeclarativeRestApiSettings.HttpRequestOptions,
	{ withinMs, messagePrefix = '' }: { withinMs: number; messagePrefix?: string },
): Promise<LookupOutcome> {
	const sent = await sendLookup(context, routes, routes.lookupOf(taskId), request, withinMs, {
		messagePrefix,
		taskIds: taskId,
	});
	if ('failure' in sent) return sent;
	const { response } = sent;
	const body = routes.answerOfLookup ? routes.answerOfLookup(response.body, taskId) : response.body;
	if (body === undefined) {
		// a list of tasks without this one: no such task, as a 404 would say
		const error = new NodeOperationError(
			context.getNode(),
			`${messagePrefix}QuickRouter's answer does not list the task ${taskId}`,
			{
				itemIndex: context.getItemIndex(),
				description: 'Check the task ID, and that it belongs to this API key.',
			},
		);
		return { failure: { kind: 'refused', code: '404' }, error: refuseForGood(error) };
	}
	const refused = errorInTaskAnswer(context, body, taskId, routes, messagePrefix);
	if (refused) {
		// an answer all the same (its HTTP status says so): a refusal in a success's shape
		const failure: Failure = { kind: 'refused', code: String(response.statusCode) };
		return { failure, error: refuseForGood(refused) };
	}
	return { answer: withTaskId(body, taskId) as IDataObject };
}

/**
 * Reads many tasks of one family with one request (its `lookupOfMany`), as lookUpTask reads one:
 * each task's answer, when the answer holds it as a task the family reads; undefined for a task
 * it does not (to be looked up alone, with its own words for whatever is wrong). A failure is the
 * request's, and so every task's.
 */
export async function lookUpMany(
	context: IExecuteSingleFunctions,
	taskIds: string[],
	routes: FamilyRoutes,
	request: DeclarativeRestApiSettings.HttpRequestOptions,
	{ withinMs }: { withinMs: number },
): Promise<
	{ answers: Map<string, IDataObject | undefined> } | Extract<LookupOutcome, { failure: Failure }>
> {
	const sent = await sendLookup(
		context,
		routes,
		routes.lookupOfMany!.of(taskIds),
		request,
		withinMs,
		{
			messagePrefix: `Checking ${taskIds.length} tasks: `,
			taskIds: taskIds.join(', '),
		},
	);
	if ('failure' in sent) return sent;
	const { body } = sent.response;
	const answers = new Map<string, IDataObject | undefined>();
	for (const taskId of taskIds) {
		// only an item of a list, picked by its very ID: one answer is no answer for many tasks
		const answer = routes.answerOfLookup?.(body, taskId);
		answers.set(
			taskId,
			answer !== body && isObject(answer) ? (withTaskId(answer, taskId) as IDataObject) : undefined,
		);
	}
	return { answers };
}

/**
 * Sends one lookup, with the key to the API root only, and reads its answer whole within
 * `withinMs` (n8n's own timeout counts only silence; a read that gives up closes its
 * connection): the answer, of a success status; or the failure and its error.
 */
async function sendLookup(
	context: IExecuteSingleFunctions,
	routes: FamilyRoutes,
	lookup: ItemRequest,
	request: DeclarativeRestApiSettings.HttpRequestOptions,
	withinMs: number,
	{ messagePrefix, taskIds }: { messagePrefix: string; taskIds: string },
): Promise<{ response: IN8nHttpFullResponse } | Extract<LookupOutcome, { failure: Failure }>> {
	const options: IHttpRequestOptions = {
		method: 'GET',
		baseURL: request.baseURL,
		url: lookup.url,
		...(lookup.qs ? { qs: lookup.qs } : {}),
		headers: { Accept: 'application/json' },
		// read here, within withinMs (answerWithin); n8n's timeout, for silence only, comes later
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// the node's Request Options › Timeout (silence), as RoutingNode would send it
		timeout: request.timeout ?? withinMs + 5_000,
		...connectionSettingsOf(request),
		...keySettingsOf(request),
	};
	let response: IN8nHttpFullResponse;
	try {
		response = await answerWithin(
			async () =>
				(await context.helpers.httpRequestWithAuthentication.call(
					context,
					'quickRouterApi',
					options,
				)) as IN8nHttpFullResponse,
			{ withinMs, maxBytes: LOOKUP_ANSWER_MAX_BYTES },
		);
	} catch (caught) {
		return readFailure(context, taskIds, caught, messagePrefix);
	}
	const failure = failureOfStatus(
		response.statusCode,
		parseRetryAfter(response.headers?.['retry-after']),
	);
	if (failure) {
		return { failure, error: await apiFailureError(context, response, 'read', messagePrefix) };
	}
	// a failure in a success's words (a family's own code): as the HTTP failure it stands for; a
	// plain refusal (400) is left to the answer's own words, read as a task's (errorInTaskAnswer)
	const failedAs = routes.failureIn?.(response.body);
	if (failedAs && failedAs.statusCode !== 400) {
		return {
			failure: failureOfStatus(failedAs.statusCode)!,
			error: await failureInSuccessError(context, failedAs, response.body, 'read', messagePrefix),
		};
	}
	return { response };
}

/** A read that got no answer: too slow is a passing failure, too large is no status. */
function readFailure(
	context: IExecuteSingleFunctions,
	taskIds: string,
	caught: unknown,
	messagePrefix: string,
): Extract<LookupOutcome, { failure: Failure }> {
	if (caught instanceof AnswerTooSlow) {
		const error = new NodeOperationError(
			context.getNode(),
			`${messagePrefix}QuickRouter did not finish its answer within ${Math.round(caught.withinMs / 1000)} seconds`,
			{ itemIndex: context.getItemIndex() },
		);
		return { failure: { kind: 'unclear', code: 'ETIMEDOUT' }, error };
	}
	if (caught instanceof AnswerTooLarge) {
		const error = new NodeOperationError(
			context.getNode(),
			`${messagePrefix}QuickRouter's answer is ${caught.message}, not a task's status`,
			{
				itemIndex: context.getItemIndex(),
				description: `Check the Base URL of the QuickRouter credential: QuickRouter answers a task's status in a few kilobytes. The task ${taskIds} itself may be fine.`,
			},
		);
		return { failure: { kind: 'refused', code: 'too large' }, error: refuseForGood(error) };
	}
	const error = asNodeError(context, caught);
	return { failure: failureOfError(error), error };
}
