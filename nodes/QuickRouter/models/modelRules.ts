import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';
import { z, type ZodTypeAny } from 'zod';

import {
	blankIsUnset,
	booleanCell,
	BY_EXPRESSION,
	choiceCell,
	httpUrl,
	httpUrlList,
	isEmptyValue,
	numberCell,
	positiveSecondsRange,
	quoted,
	secondsCell,
	textCell,
} from '../input/cells';
import {
	FAMILIES,
	fieldOfFamily,
	fieldOf,
	FIELDS,
	modelById,
	modelsTaking,
	type CatalogueModel,
} from './catalogue';
import type { FamilyField } from './modelFacts';

/**
 * The model rules: each row is held to what its model takes (the catalogue), whether the model
 * is fixed or comes from an expression, before anything is sent; and the model-dependent part of
 * the request body is made from what was checked.
 */

/** Every value some model allows in a field. */
function valuesOfField(parameter: string): Array<string | number> {
	return [
		...new Set(
			modelsTaking(parameter).flatMap((model) => {
				const allowed = model.takes[parameter];
				return Array.isArray(allowed) ? allowed : [];
			}),
		),
	];
}

/** A field's value, read by its kind; how well it fits the row's model is the rules' part. */
function schemaOf(field: FamilyField): ZodTypeAny {
	if (field.kind === 'boolean') return blankIsUnset(booleanCell('must be true or false'));
	if (field.kind === 'seconds') {
		return blankIsUnset(secondsCell(`must be ${listed(valuesOfField(field.parameter))} (seconds)`));
	}
	if (field.kind === 'links') return blankIsUnset(httpUrlList);
	if (field.kind === 'link') return blankIsUnset(httpUrl);
	if (field.kind === 'text')
		return blankIsUnset(textCell('must be text').transform((said) => said.trim()));
	if (field.kind === 'fraction') {
		return blankIsUnset(
			numberCell('must be a number from 0 to 1').pipe(
				z.number().min(0, 'must be 0 or more').max(1, 'must be 1 or less'),
			),
		);
	}
	if (field.kind === 'timeRange') {
		return blankIsUnset(
			positiveSecondsRange(field.range ?? { minLength: 0, maxLength: Number.POSITIVE_INFINITY }),
		);
	}
	return blankIsUnset(choiceCell('must be one of its choices'));
}

/** The family fields' value schemas, for the operation's input schema: top level, and Options. */
export function familyFieldSchemas(where: 'top level' | 'options'): Record<string, ZodTypeAny> {
	return Object.fromEntries(
		FIELDS.filter((field) => field.parameter.includes('.') === (where === 'options')).map(
			(field) => [field.parameter.split('.').pop()!, schemaOf(field)],
		),
	);
}

/** Each parameter's path ("options.watermark": options, watermark), split once: read for every row. */
const PATHS = new Map(FIELDS.map((field) => [field.parameter, field.parameter.split('.')]));

function valueAt(values: IDataObject, parameter: string): unknown {
	return (PATHS.get(parameter) ?? parameter.split('.')).reduce<unknown>(
		(value, key) =>
			typeof value === 'object' && value !== null ? (value as IDataObject)[key] : undefined,
		values,
	);
}

/**
 * Empty, a switch that is off (never sent), or left at the value that means "not set" (see
 * FamilyField.unset) in the editor: that value from an expression (a sheet's column) was given
 * for the row, and counts.
 */
function isLeftUnset(field: FamilyField, values: IDataObject): boolean {
	const value = valueAt(values, field.parameter);
	if (isEmptyValue(value)) return true;
	if (field.kind === 'boolean' && value === field.unset) return true;
	const atUnset =
		value === field.unset ||
		(typeof value === 'object' && JSON.stringify(value) === JSON.stringify(field.unset));
	const byExpression = (values[BY_EXPRESSION] as string[] | undefined) ?? [];
	return atUnset && !byExpression.includes(field.parameter);
}

/** The field's editor name, with where it sits ("Options › Watermark"). */
function labelOf(field: FamilyField): string {
	return field.parameter.startsWith('options.')
		? `Options › ${field.editor.displayName}`
		: field.editor.displayName;
}

function listed(values: readonly unknown[], conjunction: 'or' | 'and' = 'or'): string {
	const words = values.map(String);
	return words.length <= 1
		? words.join('')
		: `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/** The fields that count for a row: a switch's fields only while it is on. */
function fieldsInUse(values: IDataObject): FamilyField[] {
	return FIELDS.filter((field) => !field.onlyWith || valueAt(values, field.onlyWith) === true);
}

/**
 * A field as the row's model's family defines it: families may share a field and send it to
 * properties of their own (a first frame is Veo's `images[0]`, Kling's `image`).
 */
function definitionFor(model: CatalogueModel | undefined, field: FamilyField): FamilyField {
	return (model && fieldOfFamily(model.family, field.parameter)) ?? field;
}

/** What a row's model does not allow, issue by issue (for superRefine). */
export function modelFieldIssues(values: IDataObject): Array<{ path: string[]; message: string }> {
	const model = modelById(values.model);
	const issues: Array<{ path: string[]; message: string }> = [];
	const add = (field: FamilyField, message: string) =>
		issues.push({ path: field.parameter.split('.'), message });
	for (const field of fieldsInUse(values)) {
		const value = valueAt(values, field.parameter);
		if (field.onlyWith && isEmptyValue(value)) {
			if (!model || model.takes[field.parameter] !== undefined) {
				add(field, 'is empty: it is needed while its switch is on');
			}
			continue;
		}
		if (isLeftUnset(field, values)) continue;
		// a model the node does not know: any value of the field's kind is sent as given
		if (!model) continue;
		const allowed = model.takes[field.parameter];
		if (allowed === undefined) {
			add(field, notTakenBy(model, field));
		} else if (Array.isArray(allowed) && allowedValue(allowed, value, field) === undefined) {
			add(field, notAllowedValue(model, field, value));
		} else if (
			typeof allowed === 'object' &&
			'maxLinks' in allowed &&
			Array.isArray(value) &&
			value.length > allowed.maxLinks
		) {
			add(field, `has ${value.length} links: ${model.id} takes at most ${allowed.maxLinks}`);
		}
	}
	if (model) {
		for (const parameter of model.needs ?? []) {
			const field = FIELDS.find((candidate) => candidate.parameter === parameter)!;
			if (isEmptyValue(valueAt(values, parameter))) {
				add(field, `is empty: ${model.id} makes its video from it (${model.description})`);
			}
		}
	}
	for (const field of fieldsInUse(values)) {
		const { requires } = definitionFor(model, field);
		if (!requires || isLeftUnset(field, values) || !isEmptyValue(valueAt(values, requires)))
			continue;
		if (model && model.takes[field.parameter] === undefined) continue;
		const needed = FIELDS.find((candidate) => candidate.parameter === requires)!;
		add(field, `needs a ${labelOf(needed)} too`);
	}
	issues.push(...sharedPropertyIssues(values, model));
	if (model?.family.rowIssues) {
		const row = {
			model,
			prompt: typeof values.prompt === 'string' ? values.prompt : '',
			valueOf: (parameter: string) => valueOfRow(model, parameter, values),
		};
		for (const { parameter, message } of model.family.rowIssues(row)) {
			issues.push({ path: parameter.split('.'), message });
		}
	}
	return issues;
}

/** A field's value for a family's own rules: in the model's own form; undefined when empty. */
function valueOfRow(model: CatalogueModel, parameter: string, values: IDataObject): unknown {
	const value = valueAt(values, parameter);
	if (isEmptyValue(value)) return undefined;
	const field = fieldOf(parameter);
	return field ? inModelsForm(model, definitionFor(model, field), value) : value;
}

/** A value in the model's own form where the model lists its values ("1080p" is its "1080P"). */
function inModelsForm(
	model: CatalogueModel | undefined,
	own: FamilyField,
	value: unknown,
): unknown {
	const allowed = model?.takes[own.parameter];
	return Array.isArray(allowed) ? (allowedValue(allowed, value, own) ?? value) : value;
}

/**
 * The model's own form of a chosen value: "Portrait" from a sheet is the model's "portrait",
 * "720p" its "720P". Undefined when the model has no such value.
 */
function allowedValue(
	allowed: readonly (string | number)[],
	value: unknown,
	field: FamilyField,
): string | number | undefined {
	if (allowed.includes(value as string | number)) return value as string | number;
	// a sheet's 5 is the choice "5" (Kling's durations are text)
	if (typeof value === 'number') return allowed.find((choice) => choice === String(value));
	if (typeof value !== 'string') return undefined;
	const word = value.toLowerCase();
	const asWritten = allowed.find(
		(choice) => typeof choice === 'string' && choice.toLowerCase() === word,
	);
	// or the choice as the editor names it ("Professional" for pro, "16:9 (Landscape)")
	const named = (field.editor.options as INodePropertyOptions[] | undefined)?.find(
		(option) => option.name.toLowerCase() === word,
	)?.value;
	return asWritten ?? allowed.find((choice) => choice === named);
}

/**
 * Models in words: by family where the list holds a whole family ("Veo and Kling models"), a few by
 * ID ("kling-v2-6 and kling-v3"), many of a family by its name ("other Veo models", beside the
 * row's own).
 */
function modelsNamed(models: CatalogueModel[], row: CatalogueModel): string {
	const families = [...new Set(models.map((taker) => taker.family))];
	const byFamily = families.map((family) => {
		const named = models.filter((taker) => taker.family === family);
		if (named.length === family.models.length) return { family: family.name };
		if (named.length <= 3) return { ids: named.map((taker) => taker.id) };
		return { family: `${family === row.family ? 'other ' : ''}${family.name}` };
	});
	const wholeFamilies = byFamily.flatMap((part) => part.family ?? []);
	return listed(
		[
			...(wholeFamilies.length > 0 ? [`${listed(wholeFamilies, 'and')} models`] : []),
			...byFamily.flatMap((part) => part.ids ?? []),
		],
		'and',
	);
}

function notTakenBy(model: CatalogueModel, field: FamilyField): string {
	return `is not taken by ${model.id}: it is for ${modelsNamed(modelsTaking(field.parameter), model)}. Leave it empty for this row, or choose another model`;
}

function notAllowedValue(model: CatalogueModel, field: FamilyField, value: unknown): string {
	const allowed = model.takes[field.parameter] as readonly (string | number)[];
	const unit = field.kind === 'seconds' ? ' seconds' : '';
	const elsewhere = modelsTaking(field.parameter).filter((other) => {
		const theirs = other.takes[field.parameter];
		return Array.isArray(theirs) && allowedValue(theirs, value, field) !== undefined;
	});
	if (elsewhere.length > 0) {
		return `${String(value)}${unit} is only available with ${modelsNamed(elsewhere, model)}, not ${model.id}: choose ${listed(allowed)}, or switch the model`;
	}
	return field.kind === 'seconds'
		? `must be ${listed(valuesOfField(field.parameter))} (seconds), not ${String(value)}`
		: `must be ${listed(allowed)}, not ${quoted(String(value))}`;
}

/**
 * Fields that would fill one body property badly: two that each send the whole of it (for a model
 * the node does not know, which takes them all), and a place in a list left empty before a filled
 * one (a last frame without a first).
 */
function sharedPropertyIssues(values: IDataObject, model: CatalogueModel | undefined) {
	const issues: Array<{ path: string[]; message: string }> = [];
	const given = fieldsInUse(values)
		.filter(
			(field) =>
				!field.notSent &&
				(!model || model.takes[field.parameter] !== undefined) &&
				!isLeftUnset(field, values),
		)
		.map((field) => definitionFor(model, field));
	const seen = new Map<string, FamilyField>();
	for (const field of given) {
		const first = seen.get(field.property);
		if (first && (first.position === undefined || field.position === undefined)) {
			issues.push({
				path: field.parameter.split('.'),
				message: `and ${labelOf(first)} both set "${field.property}" for ${String(values.model)}: set only one`,
			});
		} else if (!first) {
			seen.set(field.property, field);
		}
	}
	for (const field of given) {
		if (!field.position) continue;
		const before = (model?.family.fields ?? FIELDS).find(
			(other) => other.property === field.property && other.position === field.position! - 1,
		);
		if (before && !given.includes(before)) {
			issues.push({
				path: field.parameter.split('.'),
				message: `needs a ${labelOf(before)} too: "${field.property}" lists it first`,
			});
		}
	}
	return issues;
}

/**
 * Body properties the node's own fields send, by their lower-case name: Additional Body Fields
 * may not set them, in any case ("Model" may well reach the same field).
 */
const KNOWN_PROPERTIES = new Map<string, string>([
	['model', 'Model'],
	['model_name', 'Model'],
	['prompt', 'Prompt'],
	// the first field that sends a property names it (Sora's Reference Image URLs for images)
	...[...FIELDS, ...FAMILIES.flatMap((family) => family.fields)]
		.filter((field) => !field.notSent)
		.reverse()
		.map((field) => [field.property.toLowerCase(), labelOf(field)] as [string, string]),
	// what a family's routes add themselves (Kling's row key, Seedance's content items)
	['external_task_id', 'node itself (a key for each row)'],
	['content', 'Prompt, with the frames and references (Seedance)'],
]);

/** The node field that sends this body property, if one does. */
export function fieldSending(property: string): string | undefined {
	return KNOWN_PROPERTIES.get(property.trim().toLowerCase());
}

/**
 * The model-dependent part of a row's body, from its checked values: each field the model takes
 * (for a model the node does not know, each field given), in the API's form.
 */
export function modelBody(values: IDataObject): IDataObject {
	const model = modelById(values.model);
	const body: IDataObject = {};
	for (const field of fieldsInUse(values)) {
		if (field.notSent) continue;
		if (model && model.takes[field.parameter] === undefined) continue;
		const value = valueAt(values, field.parameter);
		if (isEmptyValue(value)) continue;
		// a switch left off is not sent; a choice left at its default is (Sora's orientation, say)
		if (field.kind === 'boolean' && value === field.unset) continue;
		// for a model the node does not know, only what was set for it
		// (a field its switch asks for is given, at its default too: Character Time Range)
		if (!model && !field.onlyWith && isLeftUnset(field, values)) continue;
		const own = definitionFor(model, field);
		const chosen = inModelsForm(model, own, value);
		put(body, own, own.toBody ? own.toBody(chosen) : chosen);
	}
	return body;
}

function put(body: IDataObject, field: FamilyField, value: unknown): void {
	if (field.position !== undefined) {
		const list = Array.isArray(body[field.property]) ? (body[field.property] as unknown[]) : [];
		list[field.position] = value;
		body[field.property] = list as IDataObject[];
	} else if (field.kind === 'links') {
		const list = Array.isArray(body[field.property]) ? (body[field.property] as unknown[]) : [];
		body[field.property] = [...list, ...(value as unknown[])] as IDataObject[];
	} else {
		body[field.property] = value as IDataObject[string];
	}
}
