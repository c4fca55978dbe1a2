import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { readTask } from './api';
import { apiFailureError } from './throwOnApiError';

export interface WaitSettings {
	pollIntervalSeconds?: number;
	timeLimitMinutes?: number;
}

const MIN_POLL_SECONDS = 2;
const MAX_BACKOFF_MS = 60_000;

/**
 * A step after Create: with "Wait for Completion" on, polls the new task until it is completed
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

	return await Promise.all(
		items.map(async (item) => {
			const taskId = readTask(item.json)?.id;
			if (!taskId) {
				throw new NodeOperationError(
					this.getNode(),
					'QuickRouter accepted the request but gave no task ID to wait for',
					{
						itemIndex: this.getItemIndex(),
						description: `Its answer was: ${JSON.stringify(item.json).slice(0, 500)}`,
					},
				);
			}
			return { ...item, json: await pollUntilDone(this, taskId, request, intervalMs, timeLimitMs) };
		}),
	);
}

async function pollUntilDone(
	context: IExecuteSingleFunctions,
	taskId: string,
	request: DeclarativeRestApiSettings.HttpRequestOptions,
	intervalMs: number,
	timeLimitMs: number,
): Promise<IDataObject> {
	const itemIndex = context.getItemIndex();
	const deadline = Date.now() + timeLimitMs;
	let waitMs = intervalMs;
	let transientFailures = 0;

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
		await pause(context, waitMs, taskId);

		const response = await queryTask(context, taskId, request);
		if (response === 'transient' || isTransient(response.statusCode)) {
			transientFailures++;
			const retryAfterMs = response === 'transient' ? undefined : retryAfter(response);
			waitMs = Math.min(
				MAX_BACKOFF_MS,
				retryAfterMs ?? intervalMs * 2 ** Math.min(transientFailures, 4),
			);
			continue;
		}
		transientFailures = 0;
		waitMs = intervalMs;
		if (response.statusCode >= 400) {
			throw await apiFailureError(context, response, `Checking task ${taskId}: `);
		}

		const raw = response.body as IDataObject;
		const task = readTask(raw);
		if (task?.status === 'completed') return raw;
		if (task?.status === 'failed') {
			throw new NodeOperationError(context.getNode(), `Task ${taskId} failed: ${task.error}`, {
				itemIndex,
				description:
					'QuickRouter could not make this video. Check the prompt and any character video (it must not show a real person), then create it again.',
			});
		}
	}
}

async function queryTask(
	context: IExecuteSingleFunctions,
	taskId: string,
	request: DeclarativeRestApiSettings.HttpRequestOptions,
): Promise<IN8nHttpFullResponse | 'transient'> {
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
	};
	try {
		return (await context.helpers.httpRequestWithAuthentication.call(
			context,
			'quickRouterApi',
			options,
		)) as IN8nHttpFullResponse;
	} catch (error) {
		if (context.getExecutionCancelSignal()?.aborted) {
			throw new NodeApiError(context.getNode(), error as JsonObject, {
				itemIndex: context.getItemIndex(),
			});
		}
		// A network failure while reading: try again at the next poll.
		return 'transient';
	}
}

function isTransient(statusCode: number): boolean {
	return statusCode === 429 || statusCode === 408 || statusCode >= 500;
}

function retryAfter(response: IN8nHttpFullResponse): number | undefined {
	const seconds = Number(response.headers?.['retry-after']);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** Waits, or stops at once when the execution is cancelled. */
async function pause(context: IExecuteSingleFunctions, ms: number, taskId: string): Promise<void> {
	const signal = context.getExecutionCancelSignal();
	const cancelled = () =>
		new NodeOperationError(
			context.getNode(),
			`Stopped waiting for task ${taskId}: the execution was cancelled`,
			{
				itemIndex: context.getItemIndex(),
				description: `The task keeps running at QuickRouter. Fetch it later with Video > Get and the task ID ${taskId}.`,
			},
		);
	if (signal?.aborted) throw cancelled();
	await new Promise<void>((resolve, reject) => {
		const onAbort = () => reject(cancelled());
		signal?.addEventListener('abort', onAbort, { once: true });
		void sleep(ms).then(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		});
	});
}

function describeDuration(ms: number): string {
	return ms < 60_000 ? `${Math.round(ms / 1000)} seconds` : `${Math.round(ms / 6000) / 10} minutes`;
}
