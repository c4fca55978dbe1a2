import {
	NodeApiError,
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IExecutePaginationFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { mayItemProceed, type OperationInput } from './checkRunInput';

type ItemRequestRunner = (
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
) => Promise<INodeExecutionData[]>;

/**
 * Wraps each item's request (RoutingNode calls it as `operations.pagination`):
 * - checks every item's input once per run before anything is sent, so a bad row costs nothing;
 * - gives every output item its `pairedItem`, and with "continue on fail" turns a failure into
 *   an error item that keeps it (RoutingNode's own error items have none).
 */
export function runItemRequest(input: OperationInput): ItemRequestRunner {
	return async function runCheckedItemRequest(requestData) {
		const itemIndex = this.getItemIndex();
		try {
			if (!(await mayItemProceed(this, input))) return [];
			const items = await this.makeRoutingRequest(requestData);
			return items.map((item) => ({ ...item, pairedItem: { item: itemIndex } }));
		} catch (caught) {
			const error =
				caught instanceof NodeApiError || caught instanceof NodeOperationError
					? caught
					: new NodeOperationError(this.getNode(), caught as Error, { itemIndex });
			if (!this.continueOnFail()) throw error;
			return [{ json: { error: error.message }, error, pairedItem: { item: itemIndex } }];
		}
	};
}
