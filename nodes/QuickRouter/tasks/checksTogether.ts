import type { DeclarativeRestApiSettings, IExecuteSingleFunctions } from 'n8n-workflow';

import { clock } from '../run/clock';
import { itemSignal, runStateOf, sleepUnlessAborted, type RunState } from '../run/runState';
import type { CheckBudget } from '../transport/checkBudget';
import { checkAnswerMs } from './checkPlan';
import { checkInTurn } from './checkInTurn';
import type { FamilyRoutes } from '../transport/familyRoutes';
import { lookUpMany, type LookupOutcome } from '../transport/lookUpTask';
import { mayRepeatRead } from '../transport/retryPolicy';

/** How much of its planned wait a check may come early by, to go with the others due sooner. */
const EARLY_SHARE = 0.5;
/**
 * How much of its planned wait a check may wait on for the others due just after it (tasks
 * created a moment apart), so that they go in one request, at the most MAX_HOLD_MS: a task done
 * at its due time is seen then, not a whole wait later in the next request.
 */
const HOLD_SHARE = 0.25;
const MAX_HOLD_MS = 2_000;

/** A task's status check, waiting to go with others. */
interface Waiter {
	context: IExecuteSingleFunctions;
	taskId: string;
	request: DeclarativeRestApiSettings.HttpRequestOptions;
	askedAt: number;
	dueAt: number;
	deadline: number;
	/** The time limit's own check: never early, or the task would have less time than its limit. */
	last: boolean;
	/** How long it may wait for others due just after it (none for the time limit's own check). */
	holdMs: number;
	done(outcome: LookupOutcome): void;
	/** For what no lookup turns into an outcome (a fault of the node's own): the item fails with it. */
	fail(reason: unknown): void;
}

export interface CheckTiming {
	/** How long until the check is due. */
	waitMs: number;
	/** The time limit of the task's wait. */
	deadline: number;
}

/**
 * The status checks of a run's waiting tasks of one family that answers one lookup for many
 * (Seedance 1.x): each check, when due, goes in one request with every other check due by then
 * or soon (within half of its own planned wait), so that the run's check budget counts requests,
 * not tasks, and tasks started together are soon checked together. A task the answer does not
 * hold, or a request refused for good, is looked up alone, so that its item meets its own error.
 */
export class ChecksTogether {
	private readonly waiting = new Set<Waiter>();
	private sending = false;
	/** Wakes the sender's sleep when a check due sooner comes in. */
	private wake = new AbortController();
	/**
	 * The sender's wait for its turn of the budget, and the latest it goes: begun again when a
	 * check with an earlier time limit comes in meanwhile (the time limit's check goes anyway).
	 */
	private turn = new AbortController();
	private turnAtLatest = Number.POSITIVE_INFINITY;

	constructor(
		private readonly routes: FamilyRoutes,
		private readonly budget: CheckBudget,
	) {}

	/**
	 * The task's next check, due in `waitMs`: resolves with its outcome, or rejects with the item
	 * signal's reason when the execution is cancelled or the item's try stops.
	 */
	async check(
		context: IExecuteSingleFunctions,
		taskId: string,
		request: DeclarativeRestApiSettings.HttpRequestOptions,
		timing: CheckTiming,
	): Promise<LookupOutcome> {
		const signal = itemSignal(context);
		signal.throwIfAborted();
		return await new Promise<LookupOutcome>((resolve, reject) => {
			const now = clock.now();
			const dueAt = now + timing.waitMs;
			const waiter: Waiter = {
				context,
				taskId,
				request,
				askedAt: now,
				dueAt,
				deadline: timing.deadline,
				last: dueAt >= timing.deadline,
				holdMs:
					dueAt >= timing.deadline
						? 0
						: Math.min(MAX_HOLD_MS, HOLD_SHARE * timing.waitMs, timing.deadline - dueAt),
				done: (outcome) => {
					signal.removeEventListener('abort', onAbort);
					resolve(outcome);
				},
				fail: (reason) => {
					signal.removeEventListener('abort', onAbort);
					reject(reason);
				},
			};
			const onAbort = () => {
				this.waiting.delete(waiter);
				reject(signal.reason);
			};
			signal.addEventListener('abort', onAbort, { once: true });
			this.waiting.add(waiter);
			this.wake.abort();
			if (waiter.deadline < this.turnAtLatest) this.turn.abort();
			if (!this.sending) void this.sendWhileWaiting();
		});
	}

	/**
	 * Sends the checks as they come due, until none waits; the next request goes when the last of
	 * the checks due within the first one's hold is due. Each request is sent in the budget's turn
	 * and answered on its own time: a slow answer holds no other check.
	 */
	private async sendWhileWaiting(): Promise<void> {
		this.sending = true;
		try {
			while (this.waiting.size > 0) {
				const now = clock.now();
				const sendAt = this.nextSendAt();
				if (sendAt > now) {
					this.wake = new AbortController();
					await sleepUnlessAborted(sendAt - now, this.wake.signal).catch(() => undefined);
					continue;
				}
				this.turn = new AbortController();
				this.turnAtLatest = Math.min(...[...this.waiting].map((waiter) => waiter.deadline));
				const turn = await this.budget.take(this.turn.signal, this.turnAtLatest).then(
					() => true,
					() => false,
				);
				this.turnAtLatest = Number.POSITIVE_INFINITY;
				if (turn) void this.sendDue();
			}
		} finally {
			this.sending = false;
		}
	}

	/**
	 * When the next request goes: when the last of the checks due one after another, each within
	 * the hold of every one before it, is due (so none waits past its own hold).
	 */
	private nextSendAt(): number {
		const byDue = [...this.waiting].sort((a, b) => a.dueAt - b.dueAt);
		let sendAt = byDue[0].dueAt;
		let holdUntil = Number.POSITIVE_INFINITY;
		for (const waiter of byDue) {
			if (waiter.dueAt > holdUntil) break;
			sendAt = waiter.dueAt;
			holdUntil = Math.min(holdUntil, waiter.dueAt + waiter.holdMs);
		}
		return sendAt;
	}

	/** One request for the checks due now and those that may come early, up to the family's most. */
	private async sendDue(): Promise<void> {
		const sentAt = clock.now();
		const mayGo = (waiter: Waiter) =>
			waiter.dueAt <= sentAt ||
			(!waiter.last && waiter.dueAt - sentAt <= EARLY_SHARE * (waiter.dueAt - waiter.askedAt));
		const many = this.routes.lookupOfMany!;
		const going = [...this.waiting]
			.filter(mayGo)
			.sort((a, b) => a.dueAt - b.dueAt)
			.slice(0, many.tasksAtMost);
		if (going.length === 0) return;
		for (const waiter of going) this.waiting.delete(waiter);
		const deadline = Math.min(...going.map((waiter) => waiter.deadline));
		let read: Awaited<ReturnType<typeof lookUpMany>>;
		try {
			read = await lookUpMany(
				going[0].context,
				going.map((waiter) => waiter.taskId),
				this.routes,
				going[0].request,
				{ withinMs: checkAnswerMs(sentAt, deadline) },
			);
		} catch {
			// no outcome at all (a lookup turns every failure into one): each looks itself up
			void Promise.all(going.map(async (waiter) => await this.lookUpAlone(waiter)));
			return;
		}
		this.budget.heard('failure' in read ? read.failure : undefined, sentAt);
		const alone: Waiter[] = [];
		for (const waiter of going) {
			if ('failure' in read) {
				// a passing failure is every task's (tried again later); any other, each item's own
				if (mayRepeatRead(read.failure)) waiter.done(read);
				else alone.push(waiter);
				continue;
			}
			const answer = read.answers.get(waiter.taskId);
			if (answer) waiter.done({ answer });
			else alone.push(waiter);
		}
		// not sent by this loop: the next checks due go on while these are looked up
		void Promise.all(alone.map(async (waiter) => await this.lookUpAlone(waiter)));
	}

	/** A check alone, in its turn of the budget; never rejects (its waiter hears the outcome). */
	private async lookUpAlone(waiter: Waiter): Promise<void> {
		const { context, taskId, request, deadline } = waiter;
		let outcome: LookupOutcome;
		try {
			outcome = await checkInTurn(context, taskId, this.routes, request, {
				budget: this.budget,
				deadline,
			});
		} catch (reason) {
			// an item that stopped waiting was told by its own signal already
			if (!itemSignal(context).aborted) waiter.fail(reason);
			return;
		}
		waiter.done(outcome);
	}
}

const togetherOfRun = new WeakMap<RunState, Map<FamilyRoutes, ChecksTogether>>();

/** The run's checks that go together, for a family's tasks that its lookup of many takes. */
export function runChecksTogether(
	context: IExecuteSingleFunctions,
	routes: FamilyRoutes,
	budget: CheckBudget,
): ChecksTogether {
	const run = runStateOf(context);
	let byFamily = togetherOfRun.get(run);
	if (!byFamily) {
		byFamily = new Map();
		togetherOfRun.set(run, byFamily);
	}
	let together = byFamily.get(routes);
	if (!together) {
		together = new ChecksTogether(routes, budget);
		byFamily.set(routes, together);
	}
	return together;
}
