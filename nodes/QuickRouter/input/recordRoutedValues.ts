import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { runStateOf } from '../run/runState';

/**
 * preSend hook, an operation's first: keeps the values RoutingNode evaluated into this item's
 * request (body and query), so that the input check (checkRunInput) reads them instead of
 * evaluating the same expressions once more. RoutingNode prepares every item, running each one's
 * first preSend, before any item goes further, so the check finds them all; an item it does not
 * find is evaluated as before.
 */
export async function recordRoutedValues(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	runStateOf(this).routedValues.set(this.getItemIndex(), {
		body: { ...(requestOptions.body as IDataObject | undefined) },
		qs: { ...requestOptions.qs },
	});
	return requestOptions;
}
