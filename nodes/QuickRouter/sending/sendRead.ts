import {
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecutePaginationFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { AnswerTooSlow, withinTime } from '../transport/answerWithin';
import { withTaskId } from '../transport/answers';
import { errorInTaskAnswer } from '../transport/apiErrors';
import { repeatRead } from '../transport/repeatRead';
import { runGate } from '../transport/requestGate';

/** A task's status is a few hundred bytes: an answer still unfinished after this is a host stuck. */
const READ_ANSWER_MS = 30_000;

/**
 * How Get sends its request: a read, through the run's gate, repeated after a passing failure,
 * each within READ_ANSWER_MS (n8n's own timeout counts only silence: a host that sends a byte now
 * and then would hold it for ever). The task keeps the ID it was asked for (see withTaskId).
 */
export async function sendRead(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const items = await repeatRead(
		this,
		async () =>
			await withinTime(this.makeRoutingRequest(requestData), READ_ANSWER_MS, () => undefined).catch(
				(error: unknown) => {
					if (!(error instanceof AnswerTooSlow)) throw error;
					// a passing failure (no HTTP code): tried again like a lost connection
					throw new NodeOperationError(
						this.getNode(),
						`QuickRouter did not finish its answer within ${READ_ANSWER_MS / 1000} seconds`,
						{ itemIndex: this.getItemIndex() },
					);
				},
			),
		runGate(this),
	);
	const askedId = String(requestData.options.qs?.id ?? '');
	return items.map((item) => {
		const refused = errorInTaskAnswer(this, item.json, askedId);
		if (refused) throw refused;
		return { ...item, json: withTaskId(item.json, askedId) as IDataObject };
	});
}
