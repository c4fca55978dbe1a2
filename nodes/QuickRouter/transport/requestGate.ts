import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { runStateOf, type RunState } from '../run/runState';
import type { Failure } from './retryPolicy';
import { clock } from '../run/clock';

/** After a 429, how long the gate stays at its new limit before it tries one request more. */
const CALM_BEFORE_WIDENING_MS = 5_000;

/**
 * Lets an operation's requests through as fast as QuickRouter accepts them. It starts wide open
 * (every item at once, as n8n sends them), or at the limit the user set. When QuickRouter answers 429, the gate holds the number
 * of requests in flight to what QuickRouter was still holding at that moment, which is its
 * concurrency limit when that is what it enforces; after a calm spell without 429, it lets one
 * more through at a time, to follow a limit that rises again.
 */
export class RequestGate {
	private limit: number;
	private inFlight = 0;
	private acceptedSinceChange = 0;
	private lastThrottledAt = 0;
	private readonly queue: Array<() => void> = [];

	/**
	 * @param maxInFlight a limit the user set (Max Concurrent Creates): the gate never goes above
	 *   it, and still goes below it on 429
	 */
	constructor(private readonly maxInFlight = Number.POSITIVE_INFINITY) {
		this.limit = maxInFlight;
	}

	/** Waits for a free place; rejects with the signal's reason if it aborts first. */
	async enter(signal?: AbortSignal): Promise<void> {
		signal?.throwIfAborted();
		if (this.queue.length === 0 && this.inFlight < this.limit) {
			this.inFlight++;
			return;
		}
		await new Promise<void>((resolve, reject) => {
			const admit = () => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			};
			const onAbort = () => {
				const index = this.queue.indexOf(admit);
				if (index >= 0) this.queue.splice(index, 1);
				reject(signal?.reason);
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.queue.push(admit);
		});
	}

	/** Frees the place; `throttled` when QuickRouter answered 429. */
	leave(outcome: 'accepted' | 'throttled' | 'failed'): void {
		this.inFlight--;
		if (outcome === 'throttled') {
			this.limit = Math.max(1, Math.min(this.limit, this.inFlight));
			this.lastThrottledAt = clock.now();
			this.acceptedSinceChange = 0;
		} else if (outcome === 'accepted' && Number.isFinite(this.limit)) {
			this.acceptedSinceChange++;
			const calm = clock.now() - this.lastThrottledAt >= CALM_BEFORE_WIDENING_MS;
			if (calm && this.acceptedSinceChange >= this.limit && this.limit < this.maxInFlight) {
				this.limit++;
				this.acceptedSinceChange = 0;
			}
		}
		while (this.queue.length > 0 && this.inFlight < this.limit) {
			this.inFlight++;
			this.queue.shift()!();
		}
	}

	/**
	 * Sends a request through the gate: waits for a place (rejects if the signal aborts first),
	 * sends, and frees the place with the outcome. The request's own failure is given back, not
	 * thrown, for the caller to judge.
	 */
	async pass<T>(
		send: () => Promise<T>,
		isThrottled: (error: unknown) => boolean,
		signal?: AbortSignal,
	): Promise<{ value: T } | { error: unknown }> {
		await this.enter(signal);
		try {
			const value = await send();
			this.leave('accepted');
			return { value };
		} catch (error) {
			this.leave(isThrottled(error) ? 'throttled' : 'failed');
			return { error };
		}
	}

	/**
	 * Whether a request turned away with a first 429 that names no wait can simply queue again:
	 * while others are in flight, a place frees up when one of them is done, which is the wait a
	 * concurrency limit asks for. Otherwise it backs off.
	 */
	mayQueueAgain(failure: Failure, attempt: number): boolean {
		return (
			failure.kind === 'throttled' &&
			failure.retryAfterMs === undefined &&
			attempt === 1 &&
			this.inFlight > 0
		);
	}

	/** How many requests may be in flight now (infinite until QuickRouter has said 429). */
	get currentLimit(): number {
		return this.limit;
	}
}

const gatesOfRun = new WeakMap<RunState, RequestGate>();

/**
 * The run's gate: its requests (creates, or Get's queries) share it. The first item to send sets
 * its limit, if one is set (the option is the node's, the same for every item).
 */
export function runGate(context: IExecuteSingleFunctions, maxInFlight?: number): RequestGate {
	const run = runStateOf(context);
	let gate = gatesOfRun.get(run);
	if (!gate) {
		gate = new RequestGate(maxInFlight);
		gatesOfRun.set(run, gate);
	}
	return gate;
}
