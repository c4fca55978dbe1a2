import type { IDataObject, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

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

function valueAt(values: IDataObject, path: string): unknown {
	let value: unknown = values;
	for (const key of path.split('.')) {
		value = typeof value === 'object' && value !== null ? (value as IDataObject)[key] : undefined;
	}
	return value;
}

function isEmpty(value: unknown): boolean {
	return (
		value === undefined ||
		value === null ||
		(typeof value === 'string' && value === '') ||
		(Array.isArray(value) && value.length === 0)
	);
}

/**
 * Writes an item's checked values into its request, over what RoutingNode routed there: what is
 * sent is exactly what was checked (trimmed, links split, text numbers converted), never the raw
 * form. A field that is empty once checked (an optional field left blank, a list of blank links)
 * is not sent at all. The checked values' `modelBody` (the body fields the model rules made from
 * fields that have no routing of their own, see models/modelRules) goes into the body as it is.
 */
export function sendCheckedValues(
	request: Pick<IHttpRequestOptions, 'body' | 'qs'>,
	checked: IDataObject,
	properties: INodeProperties[],
): void {
	for (const [path, { part, key }] of routedTargets(properties)) {
		const target = (part === 'body' ? request.body : request.qs) as IDataObject | undefined;
		if (typeof target !== 'object' || target === null || !(key in target)) continue;
		const value = valueAt(checked, path);
		if (isEmpty(value)) delete target[key];
		else target[key] = value as IDataObject[string];
	}
	const { modelBody } = checked;
	if (typeof modelBody === 'object' && modelBody !== null && !Array.isArray(modelBody)) {
		request.body = { ...(request.body as IDataObject | undefined), ...modelBody };
	}
}
