import type { IDataObject } from 'n8n-workflow';
import { z, type ZodType, type ZodTypeAny } from 'zod';

/**
 * How the node reads a value as a sheet, a form, an expression or an LLM gives it (a cell): the
 * one place where input is read leniently. Numbers as text, TRUE as text, several links in one
 * cell, a blank cell as no value, a task ID in quotes: each is read here, and nowhere else; the
 * operations' and models' rules then see clean values.
 */

/** An empty cell is no value, whether a sheet gives it as empty text or a database as null. */
export function isBlank(value: unknown): boolean {
	return value === null || (typeof value === 'string' && value.trim() === '');
}

/** A checked value that sends nothing: left out, null, empty text or an empty list. */
export function isEmptyValue(value: unknown): boolean {
	return (
		value === undefined ||
		value === null ||
		value === '' ||
		(Array.isArray(value) && value.length === 0)
	);
}

/** Check Every given as "auto" (an AI agent's or a sheet's word for it): no fixed interval. */
export function isAuto(value: unknown): boolean {
	return typeof value === 'string' && value.trim().toLowerCase() === 'auto';
}

// The node's messages never come from zod itself: zod 3 and zod 4 word their own messages
// differently and take custom ones through different options (errorMap and invalid_type_error in
// 3, error in 4), and n8n gives the node whichever zod it ships. So a value's kind is checked here
// with the node's words, and the finer rules use only what both majors read alike: a message
// text on min, max, int, regex and refine, and issues added with code "custom".

/**
 * Beside an item's values: the parameters whose value came from an expression (their paths:
 * "duration", "options.watermark"). A value equal to a field's editor default is a choice made
 * for the row when a sheet or an expression gave it, not a field left alone.
 */
export const BY_EXPRESSION = '$byExpression';

/** A value of one kind (as the guard tells), or the message. */
export function kindOf<T>(guard: (value: unknown) => value is T, message: string): ZodType<T> {
	return z.custom<T>(guard, message);
}

export const text = (message: string) =>
	kindOf((value): value is string => typeof value === 'string', message);

export const number = (message: string) =>
	kindOf((value): value is number => typeof value === 'number' && Number.isFinite(value), message);

/**
 * A number, from a sheet's cell too: "10" and " 2.5 " as text are 10 and 2.5. For the node's own
 * settings (Check Every, Max Checks per Second, ...), so that a mapped column works as typed.
 */
export const numberCell = (message: string) =>
	kindOf(
		(value): value is number | string =>
			(typeof value === 'number' && Number.isFinite(value)) ||
			(typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)),
		message,
	).transform(Number);

export const boolean = (message: string) =>
	kindOf((value): value is boolean => typeof value === 'boolean', message);

/**
 * On or off, from a sheet's cell too: TRUE and false, on and off, yes and no as text (any case).
 * Only for values the node sends from what was checked (the model fields); a switch the node
 * reads itself stays strict.
 */
export const booleanCell = (message: string) =>
	kindOf(
		(value): value is boolean | string =>
			typeof value === 'boolean' ||
			(typeof value === 'string' && /^\s*(true|false|on|off|yes|no)\s*$/i.test(value)),
		message,
	).transform((value) => (typeof value === 'boolean' ? value : /^\s*(true|on|yes)/i.test(value)));

/**
 * Text, from a sheet's cell too: a cell of digits ("1984", a title) arrives as a number; a missing
 * column or a null cell is empty text.
 */
export const textCell = (message: string) =>
	z.preprocess(
		(value) =>
			typeof value === 'number' && Number.isFinite(value) ? String(value) : (value ?? ''),
		text(message),
	);

/** A whole number, 0 or more, from a sheet's cell too ("3" is 3). */
export const wholeNumberCell = (message: string) =>
	kindOf(
		(value): value is number | string =>
			(typeof value === 'number' && Number.isInteger(value) && value >= 0) ||
			(typeof value === 'string' && /^\s*\d+\s*$/.test(value)),
		message,
	).transform(Number);

/** A JSON object, given as one or written as text (blank text is an empty object). */
export const jsonObjectCell = (message: string) =>
	kindOf(
		(value): value is string | IDataObject =>
			typeof value === 'string' ||
			(typeof value === 'object' && value !== null && !Array.isArray(value)),
		message,
	).transform((value, ctx) => {
		if (typeof value !== 'string') return value as IDataObject;
		if (value.trim() === '') return {};
		try {
			const parsed: unknown = JSON.parse(value);
			if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
				return parsed as IDataObject;
			}
		} catch {
			// said below
		}
		ctx.addIssue(issue(message));
		return z.NEVER;
	});

/** A setting that takes "auto" (an AI agent's or a sheet's word for the default): unset then. */
export function autoIsUnset(schema: ZodTypeAny): ZodTypeAny {
	return z.preprocess((value) => (isAuto(value) ? undefined : value), schema);
}

/** One of a field's choices, as written (trimmed); whether it fits is the field's rules' part. */
export const choiceCell = (message: string) =>
	kindOf(
		(value): value is string | number => typeof value === 'string' || typeof value === 'number',
		message,
	).transform((value) => (typeof value === 'string' ? value.trim() : value));

// "15", "15.0" or "15 s" from a sheet is 15; an empty cell is no value.
// (matched on the trimmed text: one run of spaces to try, however long the cell)
const SECONDS_IN_TEXT = /^(\d+(?:\.\d+)?)\s*(?:s|secs?|seconds?)?$/i;

/** A number of seconds: a number, or text like "15", "15.0" or "15 s"; blank is no value. */
export const secondsCell = (message: string) =>
	kindOf(
		(value): value is number | string =>
			(typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string',
		message,
	).transform((value, ctx) => {
		if (typeof value === 'number') return value;
		const written = value.trim();
		if (written === '') return undefined;
		const digits = value.length <= 40 ? SECONDS_IN_TEXT.exec(written)?.[1] : undefined;
		if (digits !== undefined) return Number(digits);
		ctx.addIssue(issue(`${message}, not ${quoted(value)}`));
		return z.NEVER;
	});

/** An issue the node words itself (ctx.addIssue in refinements and transforms). */
export function issue(message: string, path?: Array<string | number>) {
	return { code: 'custom' as const, message, ...(path ? { path } : {}) };
}

export function isHttpUrl(text: string): boolean {
	try {
		const url = new URL(text);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

/** How a value is quoted in a message: short, on one line. */
export function quoted(value: string): string {
	const line = value.replace(/\s+/g, ' ');
	return `"${line.length > 80 ? `${line.slice(0, 77)}...` : line}"`;
}

// Characters a sheet or a copied text can hide around and between links: zero-width spaces and
// joiners, the byte-order mark (JavaScript's \s already covers the Unicode spaces).
const INVISIBLE = '\\u200B-\\u200D\\u2060\\uFEFF';
const IS_SPACE = new RegExp(`^[\\s${INVISIBLE}]$`);

/**
 * The text without the characters at its ends that `isCut` says (one at a time, in a loop: a
 * regex like /[\s]+$/ takes time in the square of a long run of spaces inside a cell).
 */
function trimmedBy(text: string, isCut: (character: string) => boolean): string {
	let start = 0;
	let end = text.length;
	while (start < end && isCut(text[start])) start++;
	while (end > start && isCut(text[end - 1])) end--;
	return text.slice(start, end);
}

const isSpace = (character: string) => IS_SPACE.test(character);

/** Written out as a web address is sent: the scheme and `//` as typed, no backslash, no space. */
const LITERAL_HTTP_URL = /^https?:\/\/[^\s\\]+$/i;
// A second link run into the first ("…a.jpghttps://…"); one after "=", "/" or "%" is a link
// inside a link (an image proxy's ?url=https://…), which is fine.
const RUN_TOGETHER = /[^=/%?&(]https?:\/\//i;

/**
 * A full http(s) web address, as the API fetches it from the internet: one link, written out
 * whole, so that what is checked is what is sent (a URL parser would read "https:a.example/x"
 * as a link, and send it on as typed).
 */
export const httpUrl = text('must be a web address (text)')
	.transform((link) => trimmedBy(link, isSpace))
	.pipe(
		z
			.string()
			.min(1, 'is empty: enter a web address starting with https://')
			.superRefine((link, ctx) => {
				const [first] = link.split(/\s/);
				const problem =
					!LITERAL_HTTP_URL.test(first) || !isHttpUrl(first)
						? `must be a full web address starting with http:// or https://, not ${quoted(link)}`
						: first !== link || new RegExp(`[${INVISIBLE}]`).test(link)
							? `must be one web address without spaces, not ${quoted(link)}: put each link in its own entry, or separate links with commas or new lines`
							: RUN_TOGETHER.test(link)
								? `holds two links run together: ${quoted(link)}. Separate them with a comma or a new line`
								: undefined;
				if (problem) ctx.addIssue(issue(problem));
			}),
	);

// Between two links: a new line always; a comma, semicolon, pipe (or their full-width and
// ideographic forms, as Chinese and Japanese sheets write them) or a space only where the next
// link starts, since a comma can be part of a link (image CDNs write sizes as "w_400,h_300").
const SEPARATORS = `\\s,;|，、；｜${INVISIBLE}`;
const IS_SEPARATOR = new RegExp(`^[${SEPARATORS}]$`);
const isSeparator = (character: string) => IS_SEPARATOR.test(character);

/** A line's links: split where a link starts after a separator (not after "=" or "/"). */
function splitAtLinks(line: string): string[] {
	const parts: string[] = [];
	for (const part of line.split(/(?=https?:\/\/)/i)) {
		const last = parts.length - 1;
		if (last >= 0 && !isSeparator(parts[last].at(-1) ?? '')) parts[last] += part;
		else parts.push(part);
	}
	return parts;
}

/**
 * The links in one value as a sheet cell or an expression gives them: a list, a cell holding
 * several links (one per line, or separated by commas and the like), or a JSON list written as
 * text. Empty cells and entries (blank, null) give no link.
 */
function splitLinks(value: unknown): unknown[] {
	if (Array.isArray(value)) return value.flatMap(splitLinks);
	if (value === null || value === undefined) return [];
	if (typeof value !== 'string') return [value];
	const text = trimmedBy(value, isSpace);
	if (text.startsWith('[')) {
		try {
			return splitLinks(JSON.parse(text));
		} catch {
			return [text];
		}
	}
	return text
		.split(/[\r\n]+/)
		.flatMap(splitAtLinks)
		.map((link) => trimmedBy(link, isSeparator))
		.filter((link) => link !== '');
}

/**
 * A list of image links: each entry may hold several (see splitLinks); blank entries are dropped;
 * each link must be a full http(s) address on its own.
 */
export const httpUrlList = kindOf(
	(value): value is unknown[] | string => Array.isArray(value) || typeof value === 'string',
	'must be a list of image links',
)
	.transform(splitLinks)
	.pipe(z.array(httpUrl));

// Around a task ID copied from a page, a chat or an LLM's answer: quotes and brackets of every
// kind, backticks, and a sentence's last stop
const AROUND_ID = new Set('"\'`\u201C\u201D\u2018\u2019\u300C\u300D\u300E\u300F\u00AB\u00BB<>()[]');
const AFTER_ID = new Set('.,;!?\u3002');
/** Longer than any task ID, with room for a link around it: text past it is no ID. */
const MAX_WRITTEN_ID = 500;
const EVERY_INVISIBLE = new RegExp(`[${INVISIBLE}]`, 'g');

/**
 * A name or ID as a sheet or a copied text gives it: without the invisible characters it may
 * hide (zero-width spaces, a byte-order mark) and the spaces around it.
 */
export function writtenName(written: string): string {
	return trimmedBy(written.replace(EVERY_INVISIBLE, ''), isSpace);
}

/** The ID in QuickRouter's status link (…/v1/video/query?id=…), when it holds exactly one. */
function idInStatusLink(text: string): string | undefined {
	if (!/^https?:\/\//i.test(text)) return undefined;
	try {
		const link = new URL(text);
		const ids = link.searchParams.getAll('id');
		return link.pathname.endsWith('/video/query') && ids.length === 1 ? ids[0] : undefined;
	} catch {
		return undefined;
	}
}

/**
 * A task ID as a sheet, a copied text or an LLM may write it: in quotes, backticks or brackets,
 * with invisible characters, URL-encoded ("sora-2%3Atask_…"), with a full-width colon, a full
 * stop after it, or as its status link (…/v1/video/query?id=…): the ID itself.
 */
export function cleanTaskId(written: string): string {
	if (written.length > MAX_WRITTEN_ID) return written;
	const around = (character: string) => AROUND_ID.has(character) || isSpace(character);
	let id = trimmedBy(writtenName(written), around);
	id = idInStatusLink(id) ?? id;
	if (/%[0-9a-f]{2}/i.test(id)) {
		try {
			id = decodeURIComponent(id);
		} catch {
			// not encoded after all: checked as written
		}
		// a status link encoded whole
		id = idInStatusLink(id) ?? id;
	}
	return trimmedBy(
		id.replace(/\uFF1A/g, ':'),
		(character) => around(character) || AFTER_ID.has(character),
	);
}

/**
 * A task ID field: text, cleaned (see cleanTaskId), of the form given; a wrong one is quoted in
 * its message as it was written.
 */
export function taskIdText(
	form: { test(id: string): boolean },
	messages: { notText: string; empty: string; wrongForm: string },
) {
	return text(messages.notText).transform((written, ctx) => {
		const id = cleanTaskId(written);
		if (id === '') ctx.addIssue(issue(messages.empty));
		else if (!form.test(id)) ctx.addIssue(issue(`${messages.wrongForm}, not ${quoted(written)}`));
		return id;
	});
}

const SECONDS = String.raw`\d+(?:\.\d+)?`;
const RANGE = new RegExp(`^\\s*(${SECONDS})\\s*,\\s*(${SECONDS})\\s*$`);

/**
 * Two numbers of seconds written "start,end", with end - start within the given bounds; given on
 * in the API's exact form ("1, 3" from a sheet is "1,3").
 */
export function positiveSecondsRange(bounds: { minLength: number; maxLength: number }) {
	return text('must be text like 1,3')
		.superRefine((range, ctx) => {
			const match = RANGE.exec(range);
			if (!match) {
				ctx.addIssue(
					issue(
						`must be two numbers of seconds written start,end (for example 1,3), not "${range}"`,
					),
				);
				return;
			}
			const [start, end] = [Number(match[1]), Number(match[2])];
			if (start >= end) {
				ctx.addIssue(issue(`must start before it ends (got start ${start}, end ${end})`));
			} else if (end - start < bounds.minLength || end - start > bounds.maxLength) {
				ctx.addIssue(
					issue(
						`must be ${bounds.minLength} to ${bounds.maxLength} seconds long (got ${end - start})`,
					),
				);
			}
		})
		.transform((range) => range.replace(/\s+/g, ''));
}

/** The same, for a schema: a blank value is an unset one. */
export function blankIsUnset(schema: ZodTypeAny): ZodTypeAny {
	return z.preprocess((value) => (isBlank(value) ? undefined : value), schema.optional());
}
