import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { runStateOf, type RunState } from '../run/runState';

/** Waiting Options › Max Checks per Second, when not set (QuickRouter documents no limit). */
export const DEFAULT_CHECKS_PER_SECOND = 20;
/** After a 429 to a check, the slowest the budget goes: one check every this long. */
const SLOWEST_SPACING_MS = 10_000;
/** How long the budget stays slowed after a 429 before it speeds up again, step by step. */
const CALM_BEFORE_SPEEDING_UP_MS = 10_000;

/**
 * The status checks of all items of a run share one budget: at most so many per second, spaced
 * evenly (a burst of items that want to check at once is spread out, not sent together). A 429
 * to a check halves the pace; after a calm spell it comes back, step by step.
 */
export class CheckBudget {
	private readonly baseSpacingMs: number;
	private spacingMs: number;
	private nextSlotAt = 0;
	private lastThrottledAt = 0;

	constructor(checksPerSecond: number) {
		this.baseSpacingMs = 1000 / checksPerSecond;
		this.spacingMs = this.baseSpacingMs;
	}

	/** Takes the next free slot: how long to wait, from now, before the check may go. */
	reserve(now = Date.now()): number {
		const at = Math.max(now, this.nextSlotAt);
		this.nextSlotAt = at + this.spacingMs;
		return at - now;
	}

	/** QuickRouter answered a check with 429: slow down. */
	throttled(now = Date.now()): void {
		this.spacingMs = Math.min(SLOWEST_SPACING_MS, this.spacingMs * 2);
		this.lastThrottledAt = now;
	}

	/** A check was answered: after a calm spell, a step back towards the budget's own pace. */
	answered(now = Date.now()): void {
		if (
			this.spacingMs > this.baseSpacingMs &&
			now - this.lastThrottledAt >= CALM_BEFORE_SPEEDING_UP_MS
		) {
			this.spacingMs = Math.max(this.baseSpacingMs, this.spacingMs / 2);
			this.lastThrottledAt = now;
		}
	}

	/** The pace now, in checks per second. */
	get checksPerSecond(): number {
		return 1000 / this.spacingMs;
	}
}

const budgetsOfRun = new WeakMap<RunState, CheckBudget>();

/** The run's check budget; the first item that checks sets its pace (the option is per node). */
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
