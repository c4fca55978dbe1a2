import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { withTaskId } from '../transport/answers';
import { errorInTaskAnswer } from '../transport/apiErrors';
import { repeatRead } from '../transport/repeatRead';
import { runGate } from '../transport/requestGate';

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
		runGate(this),
	);
	const askedId = String(requestData.options.qs?.id ?? '');
	return items.map((item) => {
		const refused = errorInTaskAnswer(this, item.json, askedId);
		if (refused) throw refused;
		return { ...item, json: withTaskId(item.json, askedId) as IDataObject };
	});
}
