import {
	NodeOperationError,
	type IDataObject,
	type IExecuteSingleFunctions,
	type INodeProperties,
} from 'n8n-workflow';
import type { ZodIssue, ZodTypeAny } from 'zod';

import { runApiRoot } from './apiRoot';
import { isHttpUrl } from './inputRules';
import { itemCount, runStateOf } from './runState';

/** An operation's input rules, and the fields they speak of (for their display names). */
export interface OperationInput {
	schema: ZodTypeAny;
	properties: INodeProperties[];
}

export type ItemVerdicts = Array<NodeOperationError | undefined>;

/**
 * Whether this item may send its request. Throws this item's own input error. Without
 * "continue on fail", no item may send while another item is bad: that item's error fails the
 * node, so one bad row stops the run before anything is paid for.
 */
export async function mayItemProceed(
	context: IExecuteSingleFunctions,
	input: OperationInput,
): Promise<boolean> {
	// One check per node run, shared by all its items
	const run = runStateOf(context);
	run.inputVerdicts ??= checkEveryItem(context, input);
	const all = await run.inputVerdicts;
	const own = all[context.getItemIndex()];
	if (own) throw own;
	return context.continueOnFail() || all.every((verdict) => verdict === undefined);
}

async function checkEveryItem(
	context: IExecuteSingleFunctions,
	input: OperationInput,
): Promise<ItemVerdicts> {
	const baseUrlProblem = await checkBaseUrl(context);
	const verdicts: ItemVerdicts = [];
	for (let itemIndex = 0; itemIndex < itemCount(context); itemIndex++) {
		verdicts.push(baseUrlProblem ?? checkItem(context, input, itemIndex));
	}
	return verdicts;
}

async function checkBaseUrl(
	context: IExecuteSingleFunctions,
): Promise<NodeOperationError | undefined> {
	const baseUrl = await runApiRoot(context);
	if (isHttpUrl(baseUrl)) return undefined;
	return new NodeOperationError(
		context.getNode(),
		`The Base URL in the QuickRouter credential is not a web address: "${baseUrl}"`,
		{
			description:
				"Open the QuickRouter credential and set Base URL to https://api.quickrouter.ai (or your relay's address, starting with https://).",
		},
	);
}

function checkItem(
	context: IExecuteSingleFunctions,
	input: OperationInput,
	itemIndex: number,
): NodeOperationError | undefined {
	const { values, issues } = resolveParameters(context, itemIndex);
	const result = input.schema.safeParse(values);
	const issue = issues[0] ?? (result.success ? undefined : result.error.issues[0]);
	if (!issue) return undefined;

	const field = fieldLabel(input.properties, issue.path);
	return new NodeOperationError(
		context.getNode(),
		`Item ${itemIndex + 1}: ${field} ${issue.message}`,
		{
			itemIndex,
			description: `Fix "${field}" for input item ${itemIndex + 1} (item index ${itemIndex}). Nothing was sent to QuickRouter for this item, so nothing was charged.`,
		},
	);
}

/** The node's parameters as they resolve for one item: every expression evaluated for it. */
function resolveParameters(
	context: IExecuteSingleFunctions,
	itemIndex: number,
): { values: IDataObject; issues: Array<Pick<ZodIssue, 'path' | 'message'>> } {
	const values: IDataObject = {};
	const issues: Array<Pick<ZodIssue, 'path' | 'message'>> = [];
	for (const [name, raw] of Object.entries(context.getNode().parameters)) {
		try {
			values[name] = resolveValue(context, raw, itemIndex) as IDataObject[string];
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
): unknown {
	if (typeof value === 'string' && value.startsWith('=')) {
		return context.evaluateExpression(value.slice(1), itemIndex);
	}
	if (Array.isArray(value)) return value.map((entry) => resolveValue(context, entry, itemIndex));
	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(
			Object.entries(value).map(([key, entry]) => [key, resolveValue(context, entry, itemIndex)]),
		);
	}
	return value;
}

/** "Options › Watermark", "Reference Image URLs (entry 2)": a field as the user sees it. */
function fieldLabel(properties: INodeProperties[], path: Array<string | number>): string {
	const [head, ...rest] = path;
	const property = properties.find((candidate) => candidate.name === head);
	if (!property) return String(head ?? 'Input');
	if (typeof rest[0] === 'number') return `${property.displayName} (entry ${rest[0] + 1})`;
	if (rest.length > 0 && property.type === 'collection' && property.options) {
		return `${property.displayName} › ${fieldLabel(property.options as INodeProperties[], rest)}`;
	}
	return property.displayName;
}
