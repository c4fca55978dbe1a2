import {
	NodeOperationError,
	type NodeApiError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecutePaginationFunctions,
	type IExecuteSingleFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { readTaskId } from '../transport/answers';
import type { FamilyRoutes, ItemRequest, RoutesCatalogue } from '../transport/familyRoutes';
import { lookUpTask } from '../transport/lookUpTask';
import { answerOf, failureInSuccessError, modelUnavailableError } from '../transport/apiErrors';
import { runGate } from '../transport/requestGate';
import { asNodeError, factsOf, noteOnError } from '../run/itemErrors';
import {
	failureOfError,
	isThrottled,
	mayRepeatRead,
	mayResendCreate,
	retryDelayMs,
	type Failure,
} from '../transport/retryPolicy';
import { repeatRead } from '../transport/repeatRead';
import {
	itemCount,
	itemSignal,
	pause,
	runStateOf,
	type NodeTry,
	type RunState,
} from '../run/runState';
import { clock } from '../run/clock';
import type { SendRequest } from './takeOverRequest';

const DEFAULT_MAX_ATTEMPTS = 5;

/** The Options a paid create reads, as checked (see resources/video/paidTask). */
interface CreateOptions {
	maxAttempts?: number;
	maxConcurrentCreates?: number;
}

const CHECK_BEFORE_RUNNING_AGAIN =
	'Creating a video is paid, so this node does not send it again after an unclear failure. Look for the task in your QuickRouter account (its task or usage list) before you run this item again, so that you do not pay twice.';

/**
 * Sends an item's create request. Creating is paid and not idempotent, so:
 * - it is sent again only when QuickRouter certainly did not create the task (429, 503 with
 *   Retry-After, the service unreachable), after Retry-After or a jittered backoff, up to
 *   "Max Attempts";
 * - after a failure that may have created the task (no answer, a reset, a 5xx), it is never sent
 *   again, in this try or in a later one of n8n's "Retry On Fail": the error says how to check;
 * - a task created in an earlier try of this run is reused, not created again;
 * - an answer that the model is not available on the key (see saysModelUnavailable: its code, or
 *   words that name the model sent, and no task named) is a refusal: nothing was made, and the
 *   item is not sent again in this run (the checked values say what to pick instead);
 * - all items share a gate that holds them to what QuickRouter accepts at once.
 */
export function createTaskOnce(routes: RoutesCatalogue): SendRequest {
	return async function createUnlessMaybeCreated(requestData, nodeTry, checked) {
		return await sendCreate(this, routes.ofModel(checked.model), requestData, nodeTry, checked);
	};
}

async function sendCreate(
	context: IExecutePaginationFunctions,
	family: FamilyRoutes,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	nodeTry: NodeTry,
	checked: IDataObject,
): Promise<INodeExecutionData[]> {
	const run = runStateOf(context);
	const itemIndex = context.getItemIndex();
	const request = checked.request as unknown as ItemRequest;
	const body = JSON.stringify(requestData.options.body ?? {});
	const earlier = run.creates.get(itemIndex);
	if (earlier?.body === body) {
		if (earlier.items) return earlier.items.map((item) => ({ ...item, json: { ...item.json } }));
		if (earlier.error) throw earlier.error;
	}

	const options = (checked.options ?? {}) as CreateOptions;
	const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
	const signal = itemSignal(context);
	const gate = runGate(context, options.maxConcurrentCreates);
	const firstAttemptAt = clock.now();
	return await nodeTry.creatingTask(async () => {
		for (let attempt = 1; ; attempt++) {
			const sent = await gate.pass(
				async () => {
					const answer = await context.makeRoutingRequest(requestData);
					const said = family.createdTask(answer[0]?.json, request);
					// a success whose words are a failure: thrown as the HTTP failure it stands for (the
					// gate slows down for a 429 in words too)
					if (said && 'failedAs' in said) {
						throw await failureInSuccessError(context, said.failedAs, answer[0]?.json, 'paid task');
					}
					return { answer, said };
				},
				isThrottled,
				signal,
			);
			if ('error' in sent) {
				const error = asNodeError(context, sent.error);
				const answer = answerOf(error);
				const refused = answer && modelRefused(context, answer, requestData, checked);
				if (refused) {
					run.creates.set(itemIndex, { body, error: refused });
					throw refused;
				}
				const failure = failureOfError(error);
				if (failure.kind === 'unclear') {
					const cancelled = context.getExecutionCancelSignal()?.aborted === true;
					const found = cancelled
						? undefined
						: await lookUpByKey(context, family, request, requestData.options);
					if (found && 'task' in found) {
						// Made after all: this try reports the failure, a retry picks the task up
						run.creates.set(itemIndex, { body, items: [{ json: found.task }] });
						throw madeAfterAll(error, String(found.task.id));
					}
					if (found?.absent) {
						// Not made, by QuickRouter's own word: a retry may send it, under the same key
						run.creates.set(itemIndex, { body, sentBefore: true });
						noteOnError(error, { taskMayExist: false });
						error.description = `${error.description ?? ''} ${NOT_MADE_AFTER_ALL}`.trim();
						throw error;
					}
					const final = mayHaveCreated(error, failure, cancelled);
					run.creates.set(itemIndex, { body, error: final });
					throw final;
				}
				if (!mayResendCreate(failure)) {
					// sent before under this key: this refusal may be of the key, used by a send that made
					// the task after all (a 429 from a relay that made it, say)
					if (family.byKey && (attempt > 1 || earlier?.sentBefore)) {
						const found = await lookUpByKey(context, family, request, requestData.options);
						if (found && 'task' in found) {
							run.creates.set(itemIndex, { body, items: [{ json: found.task }] });
							return [{ json: { ...found.task } }];
						}
						const final = mayHaveCreated(error, failure, false);
						run.creates.set(itemIndex, { body, error: final });
						throw final;
					}
					noteOnError(error, { taskMayExist: false });
					throw error;
				}
				if (attempt >= maxAttempts) {
					run.creates.set(itemIndex, { body, sentBefore: true });
					throw notCreated(error, attempt, clock.now() - firstAttemptAt);
				}
				if (!gate.mayQueueAgain(failure, attempt)) {
					await pause(context, retryDelayMs(failure, attempt), () => notCreated(error, attempt, 0));
				}
				continue;
			}
			const { answer, said } = sent.value;
			let task = said && 'task' in said ? said.task : undefined;
			if (!task) {
				// a relay may word its refusal as a success ({"code": "model_not_found", ...} with 200)
				const refused = modelRefused(
					context,
					{ statusCode: 200, body: answer[0]?.json },
					requestData,
					checked,
				);
				// a success that names no task it can read: made, so the row's key may find it (a lookup
				// that finds nothing does not overrule the success)
				const found = refused
					? undefined
					: await lookUpByKey(context, family, request, requestData.options);
				task = found && 'task' in found ? found.task : undefined;
				if (!task) {
					const error = refused ?? answerWithoutTask(context, answer[0]?.json);
					run.creates.set(itemIndex, { body, error });
					throw error;
				}
			}
			const created = [{ ...answer[0], json: task }];
			run.creates.set(itemIndex, { body, items: created });
			return created;
		}
	});
}

/**
 * QuickRouter's "this model is not available on this key", for the model the row asked for, with
 * what to pick instead (the checked values say it): a refusal, kept for the run so that n8n's
 * Retry On Fail does not send the row again either.
 */
function modelRefused(
	context: IExecutePaginationFunctions,
	answer: { statusCode: number; body: unknown },
	requestData: DeclarativeRestApiSettings.ResultOptions,
	checked: IDataObject,
) {
	const { model, ifModelUnavailable } = checked;
	return modelUnavailableError(
		context,
		answer,
		typeof model === 'string' ? model : '',
		typeof ifModelUnavailable === 'string' ? ifModelUnavailable : undefined,
	);
}

/** How long the lookup of a task by its key may take, after a create that failed unclearly. */
const KEYED_LOOKUP_MS = 30_000;

const NOT_MADE_AFTER_ALL =
	"QuickRouter has no task under this row's key, so nothing was created or charged: the item can be run again. n8n's Retry On Fail sends it under the same key and looks again should QuickRouter refuse it.";

/**
 * After a create that failed unclearly, for a family that takes a caller's key: the task made
 * under the row's key, `absent` when QuickRouter answers in its own words that there is none,
 * undefined when the lookup tells nothing (it failed, or answered otherwise).
 */
async function lookUpByKey(
	context: IExecutePaginationFunctions,
	family: FamilyRoutes,
	request: ItemRequest,
	options: DeclarativeRestApiSettings.HttpRequestOptions,
): Promise<{ task: IDataObject } | { absent: true } | undefined> {
	const keyedId = family.byKey?.lookupId(request);
	if (!family.byKey || !keyedId) return undefined;
	// read again after a passing failure (a 429, a 5xx), as Get does: its answer settles a payment
	const outcome = await repeatRead(context, async () => {
		const read = await lookUpTask(context, keyedId, family, options, { withinMs: KEYED_LOOKUP_MS });
		if ('error' in read && mayRepeatRead(read.failure)) throw read.error;
		return read;
	}).catch(() => undefined);
	if (!outcome) return undefined;
	if ('failure' in outcome) {
		const answer = answerOf(outcome.error);
		return answer && family.byKey.absent(answer.statusCode, answer.body)
			? { absent: true }
			: undefined;
	}
	const task = family.byKey.found(outcome.answer, request);
	return task ? { task } : undefined;
}

/** The error of a create that failed unclearly although QuickRouter made its task. */
function madeAfterAll(
	error: NodeApiError | NodeOperationError,
	taskId: string,
): NodeApiError | NodeOperationError {
	noteOnError(error, { taskId, taskMayExist: true });
	error.description = `QuickRouter made the task all the same: ${taskId} (found by this row's key). n8n's Retry On Fail goes on with it in this execution without creating it again; running the workflow again would create a new one (each execution has its own keys). To go on by hand, use Video > Get with this ID.`;
	return error;
}

/** A success answer that names no task (nor does the row's key find one): probably made, ID unknown. */
function answerWithoutTask(context: IExecutePaginationFunctions, answer: unknown) {
	const error = new NodeOperationError(
		context.getNode(),
		'QuickRouter accepted the request but its answer names no task: the task was probably created',
		{
			itemIndex: context.getItemIndex(),
			description: `${CHECK_BEFORE_RUNNING_AGAIN} Its answer was: ${JSON.stringify(answer ?? null).slice(0, 300)}`,
		},
	);
	noteOnError(error, { taskMayExist: true });
	return error;
}

/** The error for a failure after which the task may exist, saying so and how to check. */
function mayHaveCreated(
	error: NodeApiError | NodeOperationError,
	failure: Failure,
	cancelled: boolean,
): NodeApiError | NodeOperationError {
	noteOnError(error, { taskMayExist: true });
	if (/^\d{3}$/.test(failure.code)) return error;
	// No answer came. n8n's own message for this suggests retrying at once, which could pay twice.
	const timedOut = /timeout|ETIMEDOUT|ECONNABORTED/i.test(`${failure.code} ${error.message}`);
	if (cancelled) {
		error.message =
			'The execution was cancelled before QuickRouter answered: the task may have been created';
	} else if (timedOut) {
		error.message = 'QuickRouter did not answer in time: the task may have been created';
	} else {
		error.message = `The connection to QuickRouter broke before it answered (${failure.code}): the task may have been created`;
	}
	error.description =
		timedOut && !cancelled
			? `${CHECK_BEFORE_RUNNING_AGAIN} How long to wait for an answer is set under Settings > Request Options > Timeout.`
			: CHECK_BEFORE_RUNNING_AGAIN;
	return error;
}

/** The last of several refusals after which QuickRouter certainly created nothing. */
function notCreated(
	error: NodeApiError | NodeOperationError,
	attempts: number,
	elapsedMs: number,
): NodeApiError | NodeOperationError {
	const tried =
		attempts > 1 ? ` Sent ${attempts} times over ${Math.round(elapsedMs / 1000)} seconds.` : '';
	error.description = `${error.description ?? ''}${tried} The task was not created, so nothing was charged: this item can be run again.`;
	noteOnError(error, { taskMayExist: false });
	return error;
}

/**
 * For the error that stops a Create run: the tasks this run made, which the node's error would
 * otherwise lose, and which items have no task (nothing charged).
 */
export function createdTasksNote(run: RunState, context: IExecuteSingleFunctions): string {
	const made: string[] = [];
	const unclear: number[] = [];
	for (const [itemIndex, record] of [...run.creates].sort(([a], [b]) => a - b)) {
		const taskId = readTaskId(record.items?.[0]?.json);
		if (taskId) made.push(`item ${itemIndex + 1}: ${taskId}`);
		// a refusal kept for the run (a model not available) made nothing
		else if (!record.error || factsOf(record.error).taskMayExist !== false) {
			unclear.push(itemIndex + 1);
		}
	}
	const without = itemCount(context) - made.length - unclear.length;
	return [
		made.length > 0
			? `Tasks created in this run (not lost: look them up with Video > Get): ${made.join('; ')}.`
			: '',
		unclear.length > 0 ? `A task may exist for item(s) ${unclear.join(', ')}.` : '',
		without > 0
			? `${without} item(s) have no task, so nothing was charged for them: running them again cannot pay twice.`
			: '',
	]
		.filter(Boolean)
		.join(' ');
}
