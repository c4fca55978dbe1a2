import {
	NodeOperationError,
	type IDataObject,
	type IExecuteSingleFunctions,
	type INodeProperties,
} from 'n8n-workflow';
import type { SafeParseError, ZodIssue, ZodTypeAny } from 'zod';

import { runApiRoot } from '../transport/apiRoot';
import { routedTargets } from './routedFields';
import { BY_EXPRESSION, isHttpUrl } from './cells';
import { continuesOnFail, itemCount, runStateOf, type RunState } from '../run/runState';

/**
 * Beside an item's values: a key unique to this row of this execution (the execution's ID, a
 * nonce of the node run, the row's number), which a family that takes a caller's task key sends,
 * so that QuickRouter can be asked whether the row's task exists (models/kling).
 */
export const ROW_KEY = '$rowKey';

/** An operation's input rules, and the fields they speak of (for their display names). */
export interface OperationInput {
	schema: ZodTypeAny;
	properties: INodeProperties[];
}

/** An item's input: refused, with the error that says why, or its checked values. */
export type ItemVerdict = { error: NodeOperationError } | { values: IDataObject };
export type ItemVerdicts = ItemVerdict[];

/** Every item's input check, done once per node run. */
const verdictsOfRun = new WeakMap<RunState, Promise<ItemVerdicts>>();

/**
 * This item's checked values, in the form they are sent in (the check's output: trimmed, split,
 * converted), or undefined when the item must not send because another item is bad: without
 * "continue on fail", that item's error fails the node, so one bad row stops the run before
 * anything is paid for. Throws this item's own input error.
 */
export async function checkedItemValues(
	context: IExecuteSingleFunctions,
	input: OperationInput,
): Promise<IDataObject | undefined> {
	// One check per node run, shared by all its items
	const run = runStateOf(context);
	let verdicts = verdictsOfRun.get(run);
	if (!verdicts) {
		verdicts = checkEveryItem(context, input);
		verdictsOfRun.set(run, verdicts);
	}
	const all = await verdicts;
	const own = all[context.getItemIndex()];
	if (!own) return undefined;
	if ('error' in own) throw own.error;
	return continuesOnFail(context) || all.every((verdict) => 'values' in verdict)
		? own.values
		: undefined;
}

async function checkEveryItem(
	context: IExecuteSingleFunctions,
	input: OperationInput,
): Promise<ItemVerdicts> {
	const baseUrl = await runApiRoot(context);
	// the node's parameters are the same for every item: which are expressions, read once
	const byExpression = expressionPaths(context.getNode().parameters);
	// the same for every try of the run (Retry On Fail), different for every run (each tool call)
	const runKey = `n8n-${context.getExecutionId() ?? 'x'}-${randomKeyPart()}`;
	const verdicts: ItemVerdicts = [];
	for (let itemIndex = 0; itemIndex < itemCount(context); itemIndex++) {
		verdicts.push(
			isHttpUrl(baseUrl)
				? checkItem(context, input, itemIndex, byExpression, `${runKey}-${itemIndex + 1}`)
				: { error: baseUrlError(context, baseUrl, itemIndex) },
		);
	}
	return verdicts;
}

/** Eight letters and digits, from Math.random: a run's part of its rows' keys (no secret). */
function randomKeyPart(): string {
	return Math.random().toString(36).slice(2, 10).padEnd(8, '0');
}

/** Each item's own error (each gets its item's name in its message later). */
function baseUrlError(
	context: IExecuteSingleFunctions,
	baseUrl: string,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`The Base URL in the QuickRouter credential is not a web address: "${baseUrl}"`,
		{
			itemIndex,
			description:
				"Open the QuickRouter credential and set Base URL to https://api.quickrouter.ai (or your relay's address, starting with https://).",
		},
	);
}

function checkItem(
	context: IExecuteSingleFunctions,
	input: OperationInput,
	itemIndex: number,
	byExpression: string[],
	rowKey: string,
): ItemVerdict {
	const routed = runStateOf(context).routedValues.get(itemIndex);
	const known: KnownValue = (path) => {
		const target = routedTargets(input.properties).get(path);
		const part = target && routed?.[target.part];
		return part && target.key in part ? { value: part[target.key] } : undefined;
	};
	const { values, issues } = resolveParameters(context, itemIndex, known);
	values[BY_EXPRESSION] = byExpression;
	values[ROW_KEY] = rowKey;
	const result = input.schema.safeParse(values);
	if (issues.length === 0 && result.success) return { values: result.data as IDataObject };

	const issue = issues[0] ?? (result as SafeParseError<unknown>).error.issues[0];
	const field = fieldLabel(input.properties, issue.path);
	const error = new NodeOperationError(
		context.getNode(),
		`Item ${itemIndex + 1}: ${field} ${issue.message}`,
		{
			itemIndex,
			description: `Fix "${field}" for input item ${itemIndex + 1} (item index ${itemIndex}). Nothing was sent to QuickRouter for this item, so nothing was charged.`,
		},
	);
	return { error };
}

/** A parameter's value already evaluated for the item (its path: "prompt", "options.watermark"). */
type KnownValue = (path: string) => { value: unknown } | undefined;

/**
 * The node's parameters as they resolve for one item: what RoutingNode already evaluated into the
 * request is taken from there, every other expression is evaluated for the item.
 */
function resolveParameters(
	context: IExecuteSingleFunctions,
	itemIndex: number,
	known: KnownValue,
): { values: IDataObject; issues: Array<Pick<ZodIssue, 'path' | 'message'>> } {
	const values: IDataObject = {};
	const issues: Array<Pick<ZodIssue, 'path' | 'message'>> = [];
	for (const [name, raw] of Object.entries(context.getNode().parameters)) {
		try {
			values[name] = resolveValue(context, raw, itemIndex, name, known) as IDataObject[string];
		} catch (error) {
			issues.push({
				path: [name],
				message: `has an expression that failed: ${(error as Error).message}`,
			});
		}
	}
	return { values, issues };
}

function resolveValue(
	context: IExecuteSingleFunctions,
	value: unknown,
	itemIndex: number,
	path: string,
	known: KnownValue,
): unknown {
	const routed = known(path);
	if (routed) return routed.value;
	if (typeof value === 'string' && value.startsWith('=')) {
		return context.evaluateExpression(value.slice(1), itemIndex);
	}
	if (Array.isArray(value)) {
		return value.map((entry, index) =>
			resolveValue(context, entry, itemIndex, `${path}[${index}]`, known),
		);
	}
	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(
			Object.entries(value).map(([key, entry]) => [
				key,
				resolveValue(context, entry, itemIndex, `${path}.${key}`, known),
			]),
		);
	}
	return value;
}

/** The paths of the parameters (and collection options) written as expressions. */
function expressionPaths(parameters: unknown, path = ''): string[] {
	if (typeof parameters === 'string') return parameters.startsWith('=') ? [path] : [];
	if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
		return [];
	}
	return Object.entries(parameters).flatMap(([key, value]) =>
		expressionPaths(value, path ? `${path}.${key}` : key),
	);
}

/** "Options › Watermark", "Reference Image URLs (entry 2)": a field as the user sees it. */
function fieldLabel(properties: INodeProperties[], path: Array<string | number>): string {
	const [head, ...rest] = path;
	// A name may be on several fields (a choice offered per set of models): the one that has the option
	const named = properties.filter((candidate) => candidate.name === head);
	const property =
		named.find(
			(candidate) =>
				typeof rest[0] !== 'string' ||
				(candidate.options as INodeProperties[] | undefined)?.some(
					(option) => option.name === rest[0],
				),
		) ?? named[0];
	if (!property) return String(head ?? 'Input');
	if (typeof rest[0] === 'number') return `${property.displayName} (entry ${rest[0] + 1})`;
	if (rest.length > 0 && property.type === 'collection' && property.options) {
		return `${property.displayName} › ${fieldLabel(property.options as INodeProperties[], rest)}`;
	}
	return property.displayName;
}
