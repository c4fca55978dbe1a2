import { NodeHelpers, type INode, type INodeParameters, type INodeProperties } from 'n8n-workflow';

import { QuickRouter } from '../nodes/QuickRouter/QuickRouter.node';
import { videoCreateDescription } from '../nodes/QuickRouter/resources/video/create';
import { videoExtendDescription } from '../nodes/QuickRouter/resources/video/extend';
import { mergeFieldOrders } from '../nodes/QuickRouter/resources/video/fieldOrder';
import { videoGetDescription } from '../nodes/QuickRouter/resources/video/get';

/**
 * The fields that operations share are one field of the node (RoutingNode reads every field for
 * every item), and each operation still shows its fields in its own order.
 */

const field = (name: string): INodeProperties => ({
	displayName: name,
	name,
	type: 'string',
	default: '',
});

describe('mergeFieldOrders', () => {
	it('lists a shared field once and keeps every list in its own order', () => {
		const [notice, model, taskId, prompt, size, wait, output, get] = [
			'notice',
			'model',
			'taskId',
			'prompt',
			'size',
			'wait',
			'output',
			'get',
		].map(field);
		const merged = mergeFieldOrders([
			[notice, model, prompt, size, wait, output],
			[notice, taskId, prompt, wait, output],
			[get, output],
		]);
		expect(merged.map((f) => f.name)).toEqual([
			'notice',
			'model',
			'taskId',
			'prompt',
			'size',
			'wait',
			'get',
			'output',
		]);
	});

	it('refuses two lists that put their shared fields in different orders', () => {
		const [a, b] = ['a', 'b'].map(field);
		expect(() =>
			mergeFieldOrders([
				[a, b],
				[b, a],
			]),
		).toThrow(/different orders/);
	});
});

describe('the node’s fields', () => {
	const description = new QuickRouter().description;
	const properties = description.properties;

	it('holds every field object once, and fewer fields than the operations list together', () => {
		expect(new Set(properties).size).toBe(properties.length);
		const everyOperationsFields = new Set([
			...videoCreateDescription,
			...videoExtendDescription,
			...videoGetDescription,
		]);
		// resource and operation, then each field of any operation once
		expect(properties.length).toBe(everyOperationsFields.size + 2);
		// the shared ones: the prompt, the paid-task notice, the waiting fields
		const shared = videoCreateDescription.filter((p) => videoExtendDescription.includes(p));
		expect(shared.map((p) => p.name)).toEqual(
			expect.arrayContaining(['paidTaskNotice', 'prompt', 'waitForCompletion', 'waitOptions']),
		);
	});

	const operations = [
		['create', videoCreateDescription],
		['extend', videoExtendDescription],
		['get', videoGetDescription],
	] as const;
	const settings: INodeParameters[] = [
		{},
		{ waitForCompletion: true },
		{ waitForCompletion: true, download: true },
	];

	for (const [operation, own] of operations) {
		// Create's fields for its default model and for a retired one (its notice among them)
		const models = operation === 'create' ? ['veo3.1-fast', 'sora-2'] : [undefined];
		for (const model of models) {
			for (const setting of settings) {
				it(`shows ${operation}'s fields in its own order, one per name (${model ?? 'no model'}, ${JSON.stringify(setting)})`, () => {
					const values: INodeParameters = {
						resource: 'video',
						operation,
						...(model ? { model } : {}),
						...setting,
					};
					const node = { typeVersion: 1, parameters: values } as unknown as INode;
					const shown = (list: INodeProperties[]) =>
						list.filter((p) => NodeHelpers.displayParameter(values, p, node, description, values));
					const onNode = shown(properties).filter(
						(p) => p.name !== 'resource' && p.name !== 'operation',
					);
					expect(onNode).toEqual(shown([...own]));
					const names = onNode.map((p) => p.name);
					expect(new Set(names).size).toBe(names.length);
				});
			}
		}
	}
});
