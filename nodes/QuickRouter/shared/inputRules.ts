import { z } from 'zod';

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

/** A full http(s) web address, as the API fetches it from the internet: one link, no spaces. */
export const httpUrl = z
	.string({ invalid_type_error: 'must be a web address (text)' })
	.trim()
	.min(1, 'is empty: enter a web address starting with https://')
	.superRefine((text, ctx) => {
		const [first] = text.split(/\s/);
		if (!isHttpUrl(first)) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message: `must be a full web address starting with http:// or https://, not ${quoted(text)}`,
			});
		} else if (first !== text) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message: `must be one web address without spaces, not ${quoted(text)}: put each link in its own entry, or separate links with commas or new lines`,
			});
		}
	});

// Between two links: a new line always; a comma, semicolon or space only where the next link
// starts, since a comma can be part of a link (image CDNs write sizes as "w_400,h_300").
const BETWEEN_LINKS = /\s*[\r\n]+\s*|[\s,;]+(?=https?:\/\/)/i;

/**
 * The links in one value as a sheet cell or an expression gives them: a list, a cell holding
 * several links (one per line, or separated by commas), or a JSON list written as text.
 */
function splitLinks(value: unknown): unknown[] {
	if (Array.isArray(value)) return value.flatMap(splitLinks);
	if (typeof value !== 'string') return [value];
	const text = value.trim();
	if (text.startsWith('[')) {
		try {
			return splitLinks(JSON.parse(text));
		} catch {
			return [text];
		}
	}
	return text
		.split(BETWEEN_LINKS)
		.map((link) => link.trim().replace(/[,;]+$/, ''))
		.filter((link) => link !== '');
}

/**
 * A list of image links: each entry may hold several (see splitLinks); blank entries are dropped;
 * each link must be a full http(s) address on its own.
 */
export const httpUrlList = z
	.union([z.array(z.unknown()), z.string()], {
		errorMap: () => ({ message: 'must be a list of image links' }),
	})
	.transform(splitLinks)
	.pipe(z.array(httpUrl));

const SECONDS = String.raw`\d+(?:\.\d+)?`;
const RANGE = new RegExp(`^\\s*(${SECONDS})\\s*,\\s*(${SECONDS})\\s*$`);

/**
 * Two numbers of seconds written "start,end", with end - start within the given bounds; given on
 * in the API's exact form ("1, 3" from a sheet is "1,3").
 */
export function positiveSecondsRange(bounds: { minLength: number; maxLength: number }) {
	return z
		.string({ invalid_type_error: 'must be text like 1,3' })
		.superRefine((text, ctx) => {
			const match = RANGE.exec(text);
			if (!match) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					message: `must be two numbers of seconds written start,end (for example 1,3), not "${text}"`,
				});
				return;
			}
			const [start, end] = [Number(match[1]), Number(match[2])];
			if (start >= end) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					message: `must start before it ends (got start ${start}, end ${end})`,
				});
			} else if (end - start < bounds.minLength || end - start > bounds.maxLength) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					message: `must be ${bounds.minLength} to ${bounds.maxLength} seconds long (got ${end - start})`,
				});
			}
		})
		.transform((text) => text.replace(/\s+/g, ''));
}
