import { z } from 'zod';

export function isHttpUrl(text: string): boolean {
	try {
		const url = new URL(text);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

/** A full http(s) web address, as the API fetches it from the internet. */
export const httpUrl = z
	.string({ invalid_type_error: 'must be a web address (text)' })
	.trim()
	.min(1, 'is empty: enter a web address starting with https://')
	.refine(isHttpUrl, 'must be a full web address starting with http:// or https://');

const SECONDS = String.raw`\d+(?:\.\d+)?`;
const RANGE = new RegExp(`^\\s*(${SECONDS})\\s*,\\s*(${SECONDS})\\s*$`);

/** Two numbers of seconds written "start,end", with end - start within the given bounds. */
export function positiveSecondsRange(bounds: { minLength: number; maxLength: number }) {
	return z.string({ invalid_type_error: 'must be text like 1,3' }).superRefine((text, ctx) => {
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
	});
}
