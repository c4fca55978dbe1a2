import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import type { RoutesCatalogue } from '../transport/familyRoutes';
import { lookUpTask } from '../transport/lookUpTask';
import { mayRepeatRead } from '../transport/retryPolicy';
import { repeatRead } from '../transport/repeatRead';
import { runGate } from '../transport/requestGate';
import type { SendRequest } from './takeOverRequest';

/** A task's status is a few hundred bytes: an answer still unfinished after this is a host stuck. */
const READ_ANSWER_MS = 30_000;

/**
 * How Get sends its request: the task's lookup as its family reads it (the same read as a status
 * check's, see lookUpTask), through the run's gate, repeated after a passing failure. The task
 * keeps the ID it was asked for.
 */
export function sendRead(routes: RoutesCatalogue): SendRequest {
	return async function readTaskAgainIfPassing(
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
		_nodeTry,
		checked: IDataObject,
	): Promise<INodeExecutionData[]> {
		const taskId = String(checked.taskId);
		const answer = await repeatRead(
			this,
			async () => {
				const outcome = await lookUpTask(this, taskId, routes.ofTask(taskId), requestData.options, {
					withinMs: READ_ANSWER_MS,
				});
				// a passing failure is tried again (and a 429 slows the gate); any other ends the read
				if ('error' in outcome && mayRepeatRead(outcome.failure)) throw outcome.error;
				return outcome;
			},
			runGate(this),
		);
		if ('error' in answer) throw answer.error;
		return [{ json: answer.answer }];
	};
}
