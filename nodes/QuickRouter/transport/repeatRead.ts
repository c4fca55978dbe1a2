import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { asNodeError } from '../run/itemErrors';
import { RequestGate } from './requestGate';
import { failureOfError, isThrottled, mayRepeatRead, retryDelayMs } from './retryPolicy';
import { itemSignal, pause } from '../run/runState';

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
