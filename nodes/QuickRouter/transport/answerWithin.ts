import type { IN8nHttpFullResponse } from 'n8n-workflow';

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
	const until = Date.now() + withinMs;
	const sent = send();
	const response = await beforeTime(sent, withinMs, (late) => closeStream(late.body));
	const body = await readWhole(response.body as unknown as AnswerStream, until, withinMs, maxBytes);
	return { ...response, body: parsedBody(body) as IN8nHttpFullResponse['body'] };
}

async function beforeTime<T>(
	pending: Promise<T>,
	withinMs: number,
	onLate: (value: T) => void,
): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => reject(new AnswerTooSlow(withinMs)), withinMs);
	});
	try {
		return await Promise.race([pending, late]);
	} catch (error) {
		// the answer that comes after all is let go of at once
		if (error instanceof AnswerTooSlow) pending.then(onLate, () => undefined);
		throw error;
	} finally {
		clearTimeout(timer);
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
	const timer = setTimeout(
		() => stream.destroy(new AnswerTooSlow(withinMs)),
		Math.max(0, until - Date.now()),
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
		clearTimeout(timer);
	}
	return Buffer.concat(chunks);
}

function parsedBody(bytes: Buffer): unknown {
	const text = bytes.toString('utf8');
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

function closeStream(body: unknown): void {
	(body as Partial<AnswerStream> | undefined)?.destroy?.();
}
