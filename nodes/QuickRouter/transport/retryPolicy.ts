import type { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { clock } from '../run/clock';

/**
 * What a failed request means for sending it again.
 * - `throttled`: 429. QuickRouter did not do it; try later.
 * - `unavailable`: 503 with Retry-After. QuickRouter did not do it and says when to come back.
 * - `unreachable`: the connection was refused or the host not found: nothing was sent.
 * - `unclear`: no answer after the request may have been sent (timeout, reset), or a server error
 *   (5xx): QuickRouter may have done it.
 * - `refused`: any other 4xx, or a redirect (not followed), or n8n would not send it (the
 *   credential's domain restriction). QuickRouter did not do it, and the same request would fail
 *   again.
 */
export type FailureKind = 'throttled' | 'unavailable' | 'unreachable' | 'unclear' | 'refused';

export interface Failure {
	kind: FailureKind;
	/** The HTTP status, or the network error's code (ECONNRESET, ETIMEDOUT, ...). */
	code: string;
	/** What QuickRouter asked for in Retry-After. */
	retryAfterMs?: number;
}

const NOTHING_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENETDOWN',
]);

/** The failure an HTTP status stands for (undefined for a success). */
export function failureOfStatus(statusCode: number, retryAfterMs?: number): Failure | undefined {
	if (statusCode < 300) return undefined;
	const code = String(statusCode);
	// A redirect is not followed (see apiErrors' postReceive hooks): QuickRouter did nothing with the request.
	if (statusCode < 400) return { kind: 'refused', code };
	if (statusCode === 429) return { kind: 'throttled', code, retryAfterMs };
	if (statusCode === 503 && retryAfterMs !== undefined) {
		return { kind: 'unavailable', code, retryAfterMs };
	}
	if (statusCode >= 500 || statusCode === 408) return { kind: 'unclear', code, retryAfterMs };
	return { kind: 'refused', code };
}

// Errors of the node's own that no repeat would change (a link it will not fetch, say).
const refusedForGood = new WeakSet<object>();

// n8n's own refusals to send (the credential's Allowed HTTP Request Domains), raised before
// anything leaves, and again by every repeat: no answer, yet nothing can have been made.
const REFUSED_BY_N8N =
	/Domain not allowed:|This credential is configured to prevent use|No allowed domains specified/;

/** Marks an error of the node's own as one that sending again would only repeat. */
export function refuseForGood<E extends object>(error: E): E {
	refusedForGood.add(error);
	return error;
}

// Set by whoever builds an error from an HTTP answer (apiFailureError): the error alone does not
// keep the answer's headers.
const retryAfterOfError = new WeakMap<object, number>();

export function rememberRetryAfter(error: object, retryAfterMs: number | undefined): void {
	if (retryAfterMs !== undefined) retryAfterOfError.set(error, retryAfterMs);
}

/**
 * The failure a request's error stands for. n8n gives a NodeApiError whose `httpCode` is the
 * HTTP status, or the network error's code when no answer came.
 */
export function failureOfError(error: NodeApiError | NodeOperationError): Failure {
	if (refusedForGood.has(error)) return { kind: 'refused', code: 'refused by the node' };
	if (REFUSED_BY_N8N.test(error.message)) return { kind: 'refused', code: 'not sent by n8n' };
	const code = String((error as { httpCode?: unknown }).httpCode ?? '');
	const status = Number(code);
	if (/^\d{3}$/.test(code)) {
		return failureOfStatus(status, retryAfterOfError.get(error)) ?? { kind: 'refused', code };
	}
	const networkCode = code || codeInChain(error);
	if (networkCode && NOTHING_SENT_CODES.has(networkCode)) {
		return { kind: 'unreachable', code: networkCode };
	}
	// Anything else may have happened after the request left: treat it as unclear.
	return { kind: 'unclear', code: networkCode ?? 'no answer' };
}

/** The first error code in an error and its causes (a stream's ECONNRESET, say). */
function codeInChain(error: unknown): string | undefined {
	for (let level = error, depth = 0; level && depth < 5; depth++) {
		const { code, cause } = level as { code?: unknown; cause?: unknown };
		if (typeof code === 'string' && code !== '') return code;
		level = cause;
	}
	return undefined;
}

/** Whether a request's error is QuickRouter's 429. */
export function isThrottled(error: unknown): boolean {
	const code = String((error as { httpCode?: unknown } | undefined)?.httpCode ?? '');
	return code === '429';
}

/** A create is sent again only when QuickRouter certainly did not create the task. */
export function mayResendCreate(failure: Failure): boolean {
	return (
		failure.kind === 'throttled' || failure.kind === 'unavailable' || failure.kind === 'unreachable'
	);
}

/** A read (Get, a status check, a download) may be sent again after any passing failure. */
export function mayRepeatRead(failure: Failure): boolean {
	return failure.kind !== 'refused';
}

/** Retry-After is honoured up to this; a longer ask is met with this wait, then another try. */
export const MAX_RETRY_AFTER_MS = 60_000;
const BACKOFF_BASE_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * How long to wait before attempt `attempt + 1`: QuickRouter's Retry-After (capped), otherwise
 * exponential backoff with jitter, so that many items that failed together do not return together.
 */
export function retryDelayMs(failure: Failure, attempt: number): number {
	if (failure.retryAfterMs !== undefined) return Math.min(failure.retryAfterMs, MAX_RETRY_AFTER_MS);
	const ceiling = Math.min(MAX_BACKOFF_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * How long a status check waits after `failuresInRow` passing failures: QuickRouter's Retry-After,
 * else the check's own pace doubled for each failure (at most 16 times), never under `minMs` (a
 * Retry-After of 0, or a date gone by, is no licence to check without a pause) nor over
 * MAX_RETRY_AFTER_MS. The pace, not retryDelayMs's seconds: a check keeps to the interval a user
 * chose, and its time limit bounds the tries.
 */
export function checkRetryDelayMs(
	failure: Failure,
	failuresInRow: number,
	paceMs: number,
	minMs: number,
): number {
	const backoff = paceMs * 2 ** Math.min(failuresInRow, 4);
	return Math.max(minMs, Math.min(MAX_RETRY_AFTER_MS, failure.retryAfterMs ?? backoff));
}

/** Reads Retry-After: a number of seconds, or an HTTP date. */
export function parseRetryAfter(value: unknown, now = clock.now()): number | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	// Seconds as digits ("120"), or an HTTP date ("Wed, 21 Oct 2026 07:28:00 GMT"); not "0x10", "1,2"
	if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
	if (!/[a-z]{3}/i.test(value)) return undefined;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
