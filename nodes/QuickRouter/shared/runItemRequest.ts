import {
	NodeApiError,
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IExecutePaginationFunctions,
	type IExecuteSingleFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { mayItemProceed, type OperationInput } from './checkRunInput';

/** What follows an item's request (waiting, downloading, reshaping), given what was sent. */
export type AfterRequestStep = (
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	request: DeclarativeRestApiSettings.HttpRequestOptions,
) => Promise<INodeExecutionData[]>;

type ItemRequestRunner = (
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
) => Promise<INodeExecutionData[]>;

/**
 * Wraps each item's request (RoutingNode calls it as `operations.pagination`):
 * - checks every item's input once per run before anything is sent, so a bad row costs nothing;
 * - runs the operation's steps after the request (wait, download, simplify);
 * - gives every output item its `pairedItem`, and with "continue on fail" turns a failure into
 *   an error item that keeps it (RoutingNode's own error items have none).
 */
export function runItemRequest(
	input: OperationInput,
	after: AfterRequestStep[] = [],
): ItemRequestRunner {
	return async function runCheckedItemRequest(requestData) {
		const itemIndex = this.getItemIndex();
		try {
			if (!(await mayItemProceed(this, input))) return [];
			let items = await this.makeRoutingRequest(requestData);
			for (const step of after) items = await step.call(this, items, requestData.options);
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
