import {
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type INodeExecutionData,
	type NodeApiError,
} from 'n8n-workflow';

import {
	readTask,
	readTaskId,
	taskRequestOf,
	withTaskId,
	type TaskRequest,
} from '../transport/answers';
import { connectionSettingsOf, KEEP_KEY_AT_API_ROOT } from '../transport/apiRoot';
import { asNodeError } from '../run/itemErrors';
import {
	failureOfError,
	failureOfStatus,
	mayRepeatRead,
	MAX_RETRY_AFTER_MS,
	parseRetryAfter,
	type Failure,
} from '../transport/retryPolicy';
import { pause } from '../run/runState';
import { apiFailureError, errorInTaskAnswer } from '../transport/apiErrors';

export interface WaitSettings {
	pollIntervalSeconds?: number;
	timeLimitMinutes?: number;
}

const MIN_POLL_SECONDS = 2;

/**
 * A step after Create, Extend or Get: with "Wait for Completion" on, polls the task until it is completed
 * or failed, or the time limit passes, and gives the last answer. Every item waits at the same
 * time (each runs in its own promise). A poll that meets 429, 5xx or a network error is tried
 * again later: it is a read, it never fails the item and never creates anything.
 */
export async function waitForTask(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	request: DeclarativeRestApiSettings.HttpRequestOptions,
): Promise<INodeExecutionData[]> {
	if (!this.getNodeParameter('waitForCompletion', false)) return items;
	const settings = this.getNodeParameter('waitOptions', {}) as WaitSettings;
	const intervalMs = Math.max(MIN_POLL_SECONDS, settings.pollIntervalSeconds ?? 10) * 1000;
	const timeLimitMs = (settings.timeLimitMinutes ?? 20) * 60_000;
	const asked = taskRequestOf(request);

	return await Promise.all(
		items.map(async (item) => {
			// Create and Extend only pass on an answer that names its task (createTaskOnce); Get's
			// answer is named by the ID it asked for (sendRead)
			const taskId = readTaskId(item.json)!;
			// Get's answer may be the end already; a create's is the task just begun
			const done = finishedTask(this, taskId, item.json, asked);
			const json =
				done ?? (await pollUntilDone(this, taskId, request, asked, intervalMs, timeLimitMs));
			return { ...item, json };
		}),
	);
}

/** The answer when its task is completed; throws when it failed; undefined while it runs. */
function finishedTask(
	context: IExecuteSingleFunctions,
	taskId: string,
	answer: IDataObject,
	asked: TaskRequest,
): IDataObject | undefined {
	const task = readTask(answer, asked);
	if (task?.status === 'completed') return answer;
	if (task?.status === 'failed') {
		throw new NodeOperationError(context.getNode(), `Task ${taskId} failed: ${task.error}`, {
			itemIndex: context.getItemIndex(),
			description:
				'QuickRouter could not make this video. Check the prompt and the images or videos it was given (a character video must not show a real person), then create it again.',
		});
	}
	return undefined;
}

async function pollUntilDone(
	context: IExecuteSingleFunctions,
	taskId: string,
	request: DeclarativeRestApiSettings.HttpRequestOptions,
	asked: TaskRequest,
	intervalMs: number,
	timeLimitMs: number,
): Promise<IDataObject> {
	const itemIndex = context.getItemIndex();
	const deadline = Date.now() + timeLimitMs;
	let waitMs = intervalMs;
	let passingFailures = 0;

	for (;;) {
		if (Date.now() + waitMs > deadline) {
			throw new NodeOperationError(
				context.getNode(),
				`Task ${taskId} did not finish within ${describeDuration(timeLimitMs)}`,
				{
					itemIndex,
					description: `The task keeps running at QuickRouter and is paid for. Fetch it later with Video > Get and the task ID ${taskId}, or raise the time limit under Waiting Options.`,
				},
			);
		}
		await pause(context, waitMs, () => cancelled(context, taskId));

		const response = await queryTask(context, taskId, request);
		const failure =
			'failure' in response
				? response.failure
				: failureOfStatus(response.statusCode, parseRetryAfter(response.headers?.['retry-after']));
		if (failure && mayRepeatRead(failure)) {
			// A read: try again later, for as long as the time limit allows.
			passingFailures++;
			waitMs = Math.min(
				MAX_RETRY_AFTER_MS,
				failure.retryAfterMs ?? intervalMs * 2 ** Math.min(passingFailures, 4),
			);
			continue;
		}
		passingFailures = 0;
		waitMs = intervalMs;
		if ('failure' in response) throw response.error;
		if (failure) throw await apiFailureError(context, response, `Checking task ${taskId}: `);

		const raw = withTaskId(response.body, taskId) as IDataObject;
		const refused = errorInTaskAnswer(context, raw, `Checking task ${taskId}: `);
		if (refused) throw refused;
		const done = finishedTask(context, taskId, raw, asked);
		if (done) return done;
	}
}

async function queryTask(
	context: IExecuteSingleFunctions,
	taskId: string,
	request: DeclarativeRestApiSettings.HttpRequestOptions,
): Promise<IN8nHttpFullResponse | { failure: Failure; error: NodeApiError | NodeOperationError }> {
	const options: IHttpRequestOptions = {
		method: 'GET',
		baseURL: request.baseURL,
		url: '/v1/video/query',
		qs: { id: taskId },
		headers: { Accept: 'application/json' },
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: 60_000,
		...connectionSettingsOf(request),
		...KEEP_KEY_AT_API_ROOT,
	};
	try {
		return (await context.helpers.httpRequestWithAuthentication.call(
			context,
			'quickRouterApi',
			options,
		)) as IN8nHttpFullResponse;
	} catch (caught) {
		if (context.getExecutionCancelSignal()?.aborted) throw cancelled(context, taskId);
		const error = asNodeError(context, caught);
		return { failure: failureOfError(error), error };
	}
}

function cancelled(context: IExecuteSingleFunctions, taskId: string): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`Stopped waiting for task ${taskId}: the execution was cancelled`,
		{
			itemIndex: context.getItemIndex(),
			description: `The task keeps running at QuickRouter. Fetch it later with Video > Get and the task ID ${taskId}.`,
		},
	);
}

function describeDuration(ms: number): string {
	return ms < 60_000 ? `${Math.round(ms / 1000)} seconds` : `${Math.round(ms / 6000) / 10} minutes`;
}
