import type { INodeProperties } from 'n8n-workflow';

import { QuickRouterApi } from '../credentials/QuickRouterApi.credentials';
import { QuickRouter } from '../nodes/QuickRouter/QuickRouter.node';

/**
 * The words a person reads in the editor, against n8n's UX guidelines: every field and option
 * collection says what it is for; a placeholder is an example ("e.g. …") and never the default;
 * descriptions begin with a capital; Create says that each item is a paid task.
 */

interface Field {
	path: string;
	property: INodeProperties;
}

/** Every field, with the fields inside collections and fixed collections. */
function fieldsOf(properties: INodeProperties[], path = ''): Field[] {
	return properties.flatMap((property) => {
		const here = `${path}${property.displayName}`;
		const inner = (
			(property.options ?? []) as Array<INodeProperties | { values?: INodeProperties[] }>
		).flatMap((option) =>
			'values' in option && option.values
				? option.values
				: 'type' in option && option.type
					? [option as INodeProperties]
					: [],
		);
		return [{ path: here, property }, ...fieldsOf(inner, `${here} › `)];
	});
}

const FIELDS = [
	...fieldsOf(new QuickRouter().description.properties),
	...fieldsOf(new QuickRouterApi().properties, 'Credential › '),
];

describe("the editor's words", () => {
	it('reads every field', () => {
		expect(FIELDS.length).toBeGreaterThan(30);
	});

	it('describes every field and option collection', () => {
		const undescribed = FIELDS.filter(
			({ property }) => property.type !== 'notice' && !property.description,
		).map(({ path }) => path);
		expect(undescribed).toEqual([]);
	});

	it('gives placeholders as examples, never the default (a collection’s is its button)', () => {
		const wrong = FIELDS.filter(({ property }) => {
			if (property.placeholder === undefined || property.type === 'collection') return false;
			const example = String(property.placeholder);
			return !example.startsWith('e.g. ') || example.slice(5) === String(property.default);
		}).map(({ path, property }) => `${path}: ${property.placeholder}`);
		expect(wrong).toEqual([]);
	});

	it('begins every description with a capital (sentence case)', () => {
		const lower = FIELDS.filter(
			({ property }) => property.description && !/^[A-Z0-9"'`(]/.test(property.description),
		).map(({ path }) => path);
		expect(lower).toEqual([]);
	});

	it('says on Create, and on Extend, that each item is a paid task', () => {
		for (const operation of ['create', 'extend']) {
			const notices = FIELDS.filter(
				({ property }) =>
					property.type === 'notice' &&
					property.displayOptions?.show?.operation?.includes(operation),
			);
			expect(notices.map(({ property }) => property.displayName).join(' ')).toMatch(/paid/);
		}
	});
});
