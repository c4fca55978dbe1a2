import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { withTaskId } from '../tasks/answers';
import { asNodeError } from '../run/itemErrors';
import { errorInTaskAnswer } from './apiErrors';
import { RequestGate } from './requestGate';
import { failureOfError, isThrottled, mayRepeatRead, retryDelayMs } from './retryPolicy';
import { itemSignal, pause, runStateOf } from '../run/runState';

const READ_ATTEMPTS = 5;

/**
 * Runs a read (Get, a video download) again after a passing failure (429, 5xx, a network error,
 * a download cut short), after Retry-After or a jittered backoff: a read changes nothing at
 * QuickRouter, so repeating it is always safe.
 */
export async function repeatRead<T>(
	context: IExecuteSingleFunctions,
	read: () => Promise<T>,
	gate = new RequestGate(),
): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		const sent = await gate.pass(read, isThrottled, itemSignal(context));
		if ('value' in sent) return sent.value;
		const error = asNodeError(context, sent.error);
		const failure = failureOfError(error);
		const cancelled = context.getExecutionCancelSignal()?.aborted;
		if (cancelled || !mayRepeatRead(failure) || attempt >= READ_ATTEMPTS) throw error;
		if (!gate.mayQueueAgain(failure, attempt)) {
			await pause(context, retryDelayMs(failure, attempt), () => error);
		}
	}
}

/**
 * How Get sends its request: a read, through the run's gate, repeated after a passing failure.
 * The task keeps the ID it was asked for (see withTaskId).
 */
export async function sendRead(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const items = await repeatRead(
		this,
		async () => await this.makeRoutingRequest(requestData),
		runStateOf(this).gate,
	);
	const askedId = String(requestData.options.qs?.id ?? '');
	return items.map((item) => {
		const json = withTaskId(item.json, askedId) as IDataObject;
		const refused = errorInTaskAnswer(this, json);
		if (refused) throw refused;
		return { ...item, json };
	});
}
