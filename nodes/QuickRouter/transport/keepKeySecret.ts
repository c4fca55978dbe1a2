import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteSingleFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { factsOf, noteOnError } from '../run/itemErrors';
import { runStateOf } from '../run/runState';

/**
 * The node's one redaction, at its boundary (takeOverRequest): whatever leaves it, output items
 * and errors, is cleared of the credential's API key, whatever brought the key there: an answer
 * that echoes the request's headers, a task's failure reason, a network error's text.
 */

const MASK = '***';

/**
 * The API key of this run's credential, read once for all items ('' when there is none): as it
 * is sent, trimmed (see the credential's `authenticate`). Masking it masks the form as typed too.
 */
export async function runApiKey(context: IExecuteSingleFunctions): Promise<string> {
	const run = runStateOf(context);
	run.apiKey ??= context.getCredentials<{ apiKey?: string }>('quickRouterApi').then(
		(credentials) => String(credentials.apiKey ?? '').trim(),
		() => '',
	);
	return await run.apiKey;
}

/**
 * The key as a host may echo it: as sent, in another case (a header echoed lower-cased),
 * URL-encoded (a link that carries it, once or twice, or as a form writes it), with its slashes
 * escaped (PHP's JSON). Also its beginning where a text was cut short inside it (a reason or an
 * answer shortened for a message): any 8 characters or more of its start.
 */
const KEPT_START = 8;
/** One pattern per form of the key, made once (one credential per run: one key at a time). */
let patternsOfKey: { key: string; patterns: RegExp[] } | undefined;

function keyPatterns(key: string): RegExp[] {
	if (patternsOfKey?.key !== key) {
		const forms = new Set([key, key.replace(/\//g, '\\/')]);
		for (const encode of [
			encodeURIComponent,
			(text: string) => encodeURIComponent(encodeURIComponent(text)),
			(text: string) => new URLSearchParams({ k: text }).toString().slice(2),
		]) {
			try {
				forms.add(encode(key));
			} catch {
				// a lone surrogate has no encoded form: nothing of that form to mask
			}
		}
		patternsOfKey = {
			key,
			patterns: [...forms].map((form) => new RegExp(formPattern(form), 'gi')),
		};
	}
	return patternsOfKey.patterns;
}

/** The form whole, or its first KEPT_START characters and as many of the rest as follow. */
function formPattern(form: string): string {
	const characters = [...form].map((character) =>
		character.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'),
	);
	if (characters.length <= KEPT_START) return characters.join('');
	const rest = characters
		.slice(KEPT_START)
		.reduceRight((after, character) => `(?:${character}${after})?`, '');
	return characters.slice(0, KEPT_START).join('') + rest;
}

function containsKey(text: string, key: string): boolean {
	return keyPatterns(key).some((pattern) => {
		pattern.lastIndex = 0;
		return pattern.test(text);
	});
}

/**
 * The text with every stretch that any form of the key matches masked. The forms share their
 * start, so one stretch may be matched by several, each as far as it agrees: their union is
 * masked, so that no form's tail is left behind another's shorter match.
 */
export function textWithoutKey(text: string, key: string): string {
	if (!key) return text;
	const stretches: Array<[number, number]> = [];
	for (const pattern of keyPatterns(key)) {
		pattern.lastIndex = 0;
		for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
			stretches.push([match.index, match.index + match[0].length]);
		}
	}
	if (stretches.length === 0) return text;
	stretches.sort((a, b) => a[0] - b[0]);
	const merged: Array<[number, number]> = [];
	for (const [start, end] of stretches) {
		const last = merged.at(-1);
		if (last && start <= last[1]) last[1] = Math.max(last[1], end);
		else merged.push([start, end]);
	}
	let masked = '';
	let at = 0;
	for (const [start, end] of merged) {
		masked += `${text.slice(at, start)}${MASK}`;
		at = end;
	}
	return masked + text.slice(at);
}

/** A JSON value with the key cut out of every string in it, keys of objects included. */
export function valueWithoutKey<T>(value: T, key: string): T {
	if (!key) return value;
	if (typeof value === 'string') return textWithoutKey(value, key) as T;
	if (Array.isArray(value))
		return value.map((entry) => valueWithoutKey(entry, key) as unknown) as T;
	if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) {
		return Object.fromEntries(
			Object.entries(value).map(([name, entry]) => [
				textWithoutKey(name, key),
				valueWithoutKey(entry, key),
			]),
		) as T;
	}
	return value;
}

function mentionsKey(value: unknown, key: string): boolean {
	if (typeof value === 'string') return containsKey(value, key);
	if (Array.isArray(value)) return value.some((entry) => mentionsKey(entry, key));
	if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) {
		return Object.entries(value).some(
			([name, entry]) => containsKey(name, key) || mentionsKey(entry, key),
		);
	}
	return false;
}

/** Output items without the key in their JSON or in their files' names (not in the files). */
export function itemsWithoutKey(items: INodeExecutionData[], key: string): INodeExecutionData[] {
	if (!key) return items;
	return items.map((item) => {
		const files = Object.values(item.binary ?? {});
		const namesKey = files.some((file) =>
			containsKey(`${file.fileName ?? ''}\n${file.directory ?? ''}`, key),
		);
		if (!mentionsKey(item.json, key) && !namesKey) return item;
		return {
			...item,
			json: valueWithoutKey(item.json, key),
			...(namesKey ? { binary: binaryNamesWithoutKey(item.binary!, key) } : {}),
		};
	});
}

function binaryNamesWithoutKey(binary: NonNullable<INodeExecutionData['binary']>, key: string) {
	return Object.fromEntries(
		Object.entries(binary).map(([name, file]) => [
			name,
			{
				...file,
				...(file.fileName ? { fileName: textWithoutKey(file.fileName, key) } : {}),
				...(file.directory ? { directory: textWithoutKey(file.directory, key) } : {}),
			},
		]),
	);
}

type NodeError = NodeApiError | NodeOperationError;

/**
 * The error as it may leave the node: a new one with the same message, description, HTTP code,
 * item and facts, cut clear of the key, and without what n8n would keep of the original (its
 * cause, which for a failed request can hold the request's headers; the stack written with its
 * first message).
 */
export function errorWithoutKey(
	context: IExecuteSingleFunctions,
	error: NodeError,
	key: string,
): NodeError {
	const clean = (text: string | null | undefined) =>
		typeof text === 'string' ? textWithoutKey(text, key) : text;
	const itemIndex = error.context?.itemIndex as number | undefined;
	const sealed =
		error instanceof NodeApiError
			? new NodeApiError(
					context.getNode(),
					valueWithoutKey((error.errorResponse ?? {}) as JsonObject, key),
					{ httpCode: error.httpCode ?? undefined, itemIndex },
				)
			: new NodeOperationError(context.getNode(), clean(error.message) ?? '', { itemIndex });
	// Set after construction: NodeApiError rewrites some messages (a network code's, say).
	sealed.message = clean(error.message) ?? '';
	sealed.description = clean(error.description);
	sealed.stack = clean(error.stack) ?? undefined;
	if (error instanceof NodeApiError && sealed instanceof NodeApiError) {
		sealed.messages = error.messages.map((message) => clean(message) ?? '');
	}
	const facts = factsOf(error);
	if (Object.keys(facts).length > 0) noteOnError(sealed, valueWithoutKey<IDataObject>(facts, key));
	return sealed;
}
