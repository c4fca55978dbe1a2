import type { DeclarativeRestApiSettings, IDataObject, INodeProperties } from 'n8n-workflow';

import type { ItemRequest } from '../transport/familyRoutes';

/** Where a routed parameter goes in the request: "prompt" -> body.prompt, "taskId" -> qs.id. */
export type RoutedTargets = Map<string, { part: 'body' | 'qs'; key: string }>;

const targetsOfProperties = new WeakMap<INodeProperties[], RoutedTargets>();

/** Where RoutingNode puts each routed parameter of an operation, by the parameter's path. */
export function routedTargets(properties: INodeProperties[]): RoutedTargets {
	let targets = targetsOfProperties.get(properties);
	if (!targets) {
		targets = new Map();
		collectTargets(properties, '', targets);
		targetsOfProperties.set(properties, targets);
	}
	return targets;
}

function collectTargets(properties: INodeProperties[], prefix: string, into: RoutedTargets): void {
	for (const property of properties) {
		const send = property.routing?.send;
		if (send?.property && (send.type === 'body' || send.type === 'query')) {
			into.set(prefix + property.name, {
				part: send.type === 'body' ? 'body' : 'qs',
				key: send.property,
			});
		}
		if (property.type === 'collection' && property.options) {
			collectTargets(property.options as INodeProperties[], `${prefix}${property.name}.`, into);
		}
	}
}

/**
 * Writes an item's request, as its checked values hold it, over what RoutingNode routed: what is
 * sent is exactly what was checked (trimmed, links split, text numbers converted, in the body its
 * model's family sends), never the raw form.
 */
export function sendCheckedRequest(
	request: DeclarativeRestApiSettings.HttpRequestOptions,
	checked: IDataObject,
): void {
	// Get sends nothing through RoutingNode: its read is lookUpTask's
	if (!checked.request) return;
	const { url, body, qs } = checked.request as unknown as ItemRequest;
	request.url = url;
	request.body = body;
	request.qs = qs;
}
