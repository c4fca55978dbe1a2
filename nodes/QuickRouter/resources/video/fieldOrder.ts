import type { INodeProperties } from 'n8n-workflow';

/**
 * The node's fields from each operation's own list: every field once, in an order that keeps each
 * operation's order (n8n shows a node's fields in the order of its description). A field that
 * several operations share is one object in their lists and one field of the node: RoutingNode
 * reads every field of the description for every item, shown or not, so each extra copy costs
 * time on every row of a large run (bench:precheck).
 */
export function mergeFieldOrders(operations: INodeProperties[][]): INodeProperties[] {
	const pending = operations.map((fields) => [...fields]);
	const merged: INodeProperties[] = [];
	while (pending.some((fields) => fields.length > 0)) {
		// the first operation's next field that no operation still has to show after another one
		const next = pending
			.map((fields) => fields[0])
			.find(
				(head): head is INodeProperties =>
					head !== undefined && pending.every((fields) => fields.indexOf(head) <= 0),
			);
		if (!next) {
			throw new Error('Two operations list the fields they share in different orders');
		}
		merged.push(next);
		for (const fields of pending) if (fields[0] === next) fields.shift();
	}
	return merged;
}
