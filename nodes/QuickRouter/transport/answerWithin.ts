import type { IN8nHttpFullResponse } from 'n8n-workflow';
import { clock } from '../run/clock';

/** The parts of a Node.js readable stream read here (the body n8n gives with encoding 'stream'). */
interface AnswerStream extends AsyncIterable<Buffer | string> {
	destroy(error?: Error): unknown;
}

/** The answer did not come whole within its time: nothing was read, the connection is closed. */
export class AnswerTooSlow extends Error {
	constructor(readonly withinMs: number) {
		super(`no whole answer within ${Math.round(withinMs / 1000)} seconds`);
	}
}

/** The answer was longer than any answer of this kind can be: the connection is closed. */
export class AnswerTooLarge extends Error {
	constructor(readonly maxBytes: number) {
		super(`an answer larger than ${Math.round(maxBytes / 1024)} KB`);
	}
}

/**
 * A request sent with `encoding: 'stream'`, its answer read whole within `withinMs` and at most
 * `maxBytes`, the body parsed as JSON when it is JSON (as `json: true` would give it). n8n's own
 * timeout counts only silence, so a host that sends a byte now and then would hold the request
 * open for ever; here it ends at the time given, and its connection is closed.
 */
export async function answerWithin(
	send: () => Promise<IN8nHttpFullResponse>,
	{ withinMs, maxBytes }: { withinMs: number; maxBytes: number },
): Promise<IN8nHttpFullResponse> {
	const until = clock.now() + withinMs;
	const sent = send();
	const response = await withinTime(sent, withinMs, (late) => closeStream(late.body));
	const body = await readWhole(response.body as unknown as AnswerStream, until, withinMs, maxBytes);
	return { ...response, body: parsedBody(body) as IN8nHttpFullResponse['body'] };
}

/**
 * `pending`, unless `withinMs` passes first (AnswerTooSlow); what comes after that is handed to
 * `onLate`, to let go of at once.
 */
async function withinTime<T>(
	pending: Promise<T>,
	withinMs: number,
	onLate: (value: T) => void,
): Promise<T> {
	const timer = new AbortController();
	const late = clock.sleep(withinMs, timer.signal).then(
		() => {
			// n8n 1.x's sleep ignores the signal: a timer that ends after the answer came does nothing
			if (!timer.signal.aborted) pending.then(onLate, () => undefined);
			throw new AnswerTooSlow(withinMs);
		},
		() => new Promise<never>(() => undefined),
	);
	try {
		return await Promise.race([pending, late]);
	} finally {
		timer.abort();
	}
}

async function readWhole(
	stream: AnswerStream,
	until: number,
	withinMs: number,
	maxBytes: number,
): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	const timer = new AbortController();
	void clock.sleep(Math.max(0, until - clock.now()), timer.signal).then(
		() => {
			if (!timer.signal.aborted) stream.destroy(new AnswerTooSlow(withinMs));
		},
		() => undefined,
	);
	try {
		for await (const chunk of stream) {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			size += bytes.length;
			if (size > maxBytes) {
				stream.destroy();
				throw new AnswerTooLarge(maxBytes);
			}
			chunks.push(bytes);
		}
	} finally {
		timer.abort();
	}
	return Buffer.concat(chunks);
}

function parsedBody(bytes: Buffer): unknown {
	// without a byte-order mark, as axios reads JSON
	const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

function closeStream(body: unknown): void {
	(body as Partial<AnswerStream> | undefined)?.destroy?.();
}
