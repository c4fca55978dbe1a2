import { RequestGate } from '../nodes/QuickRouter/transport/requestGate';
import {
	failureOfStatus,
	parseRetryAfter,
	retryDelayMs,
} from '../nodes/QuickRouter/transport/retryPolicy';

/** The gate and the retry rules on their own, without the engine: pure logic, timed by hand. */

describe('RequestGate', () => {
	it('lets everything through until QuickRouter says 429', async () => {
		const gate = new RequestGate();
		await Promise.all(Array.from({ length: 100 }, async () => await gate.enter()));

		expect(gate.currentLimit).toBe(Number.POSITIVE_INFINITY);
	});

	it('after a burst of 429s, holds in-flight requests to what QuickRouter still held', async () => {
		const gate = new RequestGate();
		for (let i = 0; i < 50; i++) await gate.enter();
		// QuickRouter took 10 of the 50: the other 40 come back with 429, one after another
		for (let i = 0; i < 40; i++) gate.leave('throttled');

		expect(gate.currentLimit).toBe(10);
		let admitted = false;
		const waiting = gate.enter().then(() => (admitted = true));
		await Promise.resolve();
		expect(admitted).toBe(false);
		gate.leave('accepted');
		await waiting;
		expect(admitted).toBe(true);
	});

	it('admits waiting requests in the order they came', async () => {
		const gate = new RequestGate();
		await gate.enter();
		gate.leave('throttled'); // limit 1, nothing in flight
		await gate.enter();
		const order: number[] = [];
		const waiters = [1, 2, 3].map(async (n) => {
			await gate.enter();
			order.push(n);
			gate.leave('accepted');
		});
		gate.leave('accepted');
		await Promise.all(waiters);

		expect(order).toEqual([1, 2, 3]);
	});

	it('a waiting request leaves the queue when its signal aborts', async () => {
		const gate = new RequestGate();
		await gate.enter();
		gate.leave('throttled');
		await gate.enter();
		const stop = new AbortController();
		const waiting = gate.enter(stop.signal);
		stop.abort(new Error('stopped'));

		await expect(waiting).rejects.toThrow('stopped');
		gate.leave('accepted');
		await gate.enter(); // the aborted one did not take the freed place
		expect(gate.currentLimit).toBe(1);
	});

	it('a first 429 without Retry-After queues again while others are in flight, else backs off', async () => {
		const gate = new RequestGate();
		await gate.enter();
		const throttled = failureOfStatus(429)!;

		expect(gate.mayQueueAgain(throttled, 1)).toBe(true);
		expect(gate.mayQueueAgain(throttled, 2)).toBe(false);
		expect(gate.mayQueueAgain(failureOfStatus(429, 1000)!, 1)).toBe(false);
		gate.leave('accepted');
		expect(gate.mayQueueAgain(throttled, 1)).toBe(false);
	});
});

describe('retry rules', () => {
	it.each([
		[429, undefined, 'throttled'],
		[503, 2000, 'unavailable'],
		[503, undefined, 'unclear'],
		[500, undefined, 'unclear'],
		[502, undefined, 'unclear'],
		[408, undefined, 'unclear'],
		[400, undefined, 'refused'],
		[401, undefined, 'refused'],
		[404, undefined, 'refused'],
	])('HTTP %s (Retry-After %s ms) is %s', (status, retryAfterMs, kind) => {
		expect(failureOfStatus(status, retryAfterMs)?.kind).toBe(kind);
	});

	it('reads Retry-After as seconds or as an HTTP date', () => {
		const now = Date.parse('2026-11-24T12:00:00Z');
		expect(parseRetryAfter('7', now)).toBe(7000);
		expect(parseRetryAfter('Tue, 24 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		// what Number() or Date.parse() would read as something else
		expect(parseRetryAfter('0x10', now)).toBeUndefined();
		expect(parseRetryAfter('1,2', now)).toBeUndefined();
		expect(parseRetryAfter('-5', now)).toBeUndefined();
		expect(parseRetryAfter(' 2.5 ', now)).toBe(2500);
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
	});

	it('waits what Retry-After asks, up to a minute; otherwise backs off with jitter', () => {
		expect(retryDelayMs(failureOfStatus(429, 5000)!, 1)).toBe(5000);
		expect(retryDelayMs(failureOfStatus(429, 3_600_000)!, 1)).toBe(60_000);
		const delays = Array.from({ length: 50 }, () => retryDelayMs(failureOfStatus(429)!, 3));
		expect(Math.min(...delays)).toBeGreaterThanOrEqual(2000);
		expect(Math.max(...delays)).toBeLessThanOrEqual(4000);
		expect(new Set(delays).size).toBeGreaterThan(1);
	});
});
