import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { runStateOf, sleepUnlessAborted, type RunState } from '../run/runState';
import { clock } from '../run/clock';
import type { Failure } from './retryPolicy';

/** Waiting Options › Max Checks per Second, when not set (QuickRouter documents no limit). */
export const DEFAULT_CHECKS_PER_SECOND = 20;
/** After 429s to checks, the slowest the budget goes: one check every this long. */
const SLOWEST_SPACING_MS = 10_000;
/** How long the budget stays slowed after a 429 before it speeds up again, step by step. */
const CALM_BEFORE_SPEEDING_UP_MS = 10_000;

/** How often a waiting check looks again whether its turn has come (after a change of pace). */
const LOOK_AGAIN_MS = 1_000;

/**
 * The status checks of all items of a run share one budget: at most so many per second, let
 * through one by one in the order they came, at an even pace (a burst of items that want to check
 * at once is spread out, not sent together). 429s to checks halve the pace, once per burst; after
 * a calm spell it comes back, step by step. A change of pace reaches the checks already waiting.
 */
export class CheckBudget {
	private readonly baseSpacingMs: number;
	private spacingMs: number;
	private lastReleasedAt = Number.NEGATIVE_INFINITY;
	private lastThrottledAt = Number.NEGATIVE_INFINITY;
	private lastChangedAt = Number.NEGATIVE_INFINITY;
	private readonly queue: object[] = [];

	constructor(checksPerSecond: number) {
		this.baseSpacingMs = 1000 / checksPerSecond;
		this.spacingMs = this.baseSpacingMs;
	}

	/**
	 * Waits for this check's turn. Goes at `latestAt` at the latest (the time limit's last check
	 * is never held past it); rejects with the signal's reason if it aborts first.
	 */
	async take(signal?: AbortSignal, latestAt = Number.POSITIVE_INFINITY): Promise<void> {
		signal?.throwIfAborted();
		const ticket = {};
		this.queue.push(ticket);
		try {
			for (;;) {
				const now = clock.now();
				const place = this.queue.indexOf(ticket);
				const turnAt = this.lastReleasedAt + this.spacingMs * (place + 1);
				if (place === 0 && now >= turnAt) {
					this.lastReleasedAt = now;
					return;
				}
				if (now >= latestAt) return;
				const until = Math.min(turnAt, latestAt, now + LOOK_AGAIN_MS);
				await sleepUnlessAborted(Math.max(1, until - now), signal);
			}
		} finally {
			this.queue.splice(this.queue.indexOf(ticket), 1);
		}
	}

	/**
	 * QuickRouter answered a check with 429: slow down, once for the checks of one burst. A check
	 * sent before the last slowdown belongs to the burst that caused it: its 429 says nothing new.
	 */
	throttled(sentAt: number, now = clock.now()): void {
		if (sentAt <= this.lastThrottledAt) return;
		this.spacingMs = Math.min(SLOWEST_SPACING_MS, this.spacingMs * 2);
		this.lastThrottledAt = now;
		this.lastChangedAt = now;
	}

	/** A check was answered: after a calm spell, a step back towards the budget's own pace. */
	answered(now = clock.now()): void {
		if (
			this.spacingMs > this.baseSpacingMs &&
			now - this.lastChangedAt >= CALM_BEFORE_SPEEDING_UP_MS
		) {
			this.spacingMs = Math.max(this.baseSpacingMs, this.spacingMs / 2);
			this.lastChangedAt = now;
		}
	}

	/**
	 * What a check sent at `sentAt` met: a 429 slows the budget down; only an answer (also one whose
	 * words are a refusal, HTTP 2xx) is calm, not a 5xx or a lost connection.
	 */
	heard(failure: Failure | undefined, sentAt: number): void {
		if (failure?.kind === 'throttled') this.throttled(sentAt);
		else if (!failure || /^2\d\d$/.test(failure.code)) this.answered();
	}

	/** The pace now, in checks per second. */
	get checksPerSecond(): number {
		return 1000 / this.spacingMs;
	}
}

const budgetsOfRun = new WeakMap<RunState, CheckBudget>();

/**
 * The run's check budget. The option is the node's, so the first item that waits sets its pace
 * for the run (Max Checks per Second says so).
 */
export function runCheckBudget(
	context: IExecuteSingleFunctions,
	checksPerSecond = DEFAULT_CHECKS_PER_SECOND,
): CheckBudget {
	const run = runStateOf(context);
	let budget = budgetsOfRun.get(run);
	if (!budget) {
		budget = new CheckBudget(checksPerSecond);
		budgetsOfRun.set(run, budget);
	}
	return budget;
}
