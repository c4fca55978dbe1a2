import {
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecuteSingleFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import {
	readTaskId,
	stateOfWord,
	taskRequestOf,
	type SimplifiedTask,
	type TaskRequest,
} from '../transport/answers';
import { asNodeError } from '../run/itemErrors';
import type { LookupOutcome } from '../transport/lookUpTask';
import { checkRetryDelayMs, mayRepeatRead, type Failure } from '../transport/retryPolicy';
import { itemSignal, sleepUnlessAborted } from '../run/runState';
import {
	DEFAULT_CHECKS_PER_SECOND,
	runCheckBudget,
	type CheckBudget,
} from '../transport/checkBudget';
import { CheckPlan, MIN_CHECK_MS, withJitter } from './checkPlan';
import { checkInTurn } from './checkInTurn';
import { runChecksTogether } from './checksTogether';
import { clock } from '../run/clock';
import type { FamilyRoutes, RoutesCatalogue } from '../transport/familyRoutes';
import type { SentItem, WaitChoices } from './sentItem';

/** Time Limit when left out (or a sheet's cell is blank). */
const DEFAULT_TIME_LIMIT_MINUTES = 20;

interface Waiting {
	asked: TaskRequest;
	/** The fixed interval (Check Every), or undefined for Auto (CheckPlan). */
	intervalMs?: number;
	timeLimitMs: number;
	routes: RoutesCatalogue;
	/** The run-wide pace for the checks of all its items (Max Checks per Second). */
	budget: CheckBudget;
}

/**
 * A step after Create, Extend or Get: with "Wait for Completion" on, checks the task until it is
 * completed or failed, or the time limit passes, and gives the last answer. Every item waits at
 * the same time (each runs in its own promise); their checks share the run's check budget. A
 * check that meets 429, 5xx or a network error is tried again later: it is a read, it never fails
 * the item and never creates anything.
 */
export function waitForTask(routes: RoutesCatalogue) {
	return async function waitForTaskToFinish(
		this: IExecuteSingleFunctions,
		items: INodeExecutionData[],
		{ request, checked }: SentItem<WaitChoices>,
	): Promise<INodeExecutionData[]> {
		if (checked.waitForCompletion !== true) return items;
		const settings = checked.waitOptions ?? {};
		// left out (a cleared field, an empty cell, "auto"): Auto
		const fixedSeconds = settings.pollIntervalSeconds;
		const waiting: Waiting = {
			asked: taskRequestOf(checked),
			intervalMs:
				fixedSeconds === undefined ? undefined : Math.max(MIN_CHECK_MS, fixedSeconds * 1000),
			timeLimitMs: (settings.timeLimitMinutes ?? DEFAULT_TIME_LIMIT_MINUTES) * 60_000,
			routes,
			budget: runCheckBudget(this, settings.maxChecksPerSecond ?? DEFAULT_CHECKS_PER_SECOND),
		};

		return await Promise.all(
			items.map(async (item) => {
				// Create and Extend only pass on an answer that names its task (createTaskOnce); Get's
				// answer is named by the ID it asked for (sendRead)
				const taskId = readTaskId(item.json)!;
				// Get's answer may be the end already; a create's is the task just begun
				const family = routes.ofTask(taskId);
				const json = isFinished(this, taskId, family.readAnswer(item.json, waiting.asked))
					? item.json
					: await pollUntilDone(this, taskId, family, item.json, request, waiting);
				return { ...item, json };
			}),
		);
	};
}

/** Whether the task is completed; throws when it failed. */
function isFinished(
	context: IExecuteSingleFunctions,
	taskId: string,
	task: SimplifiedTask | undefined,
): boolean {
	if (task?.status === 'completed') return true;
	if (task?.status === 'failed') {
		throw new NodeOperationError(context.getNode(), `Task ${taskId} failed: ${task.error}`, {
			itemIndex: context.getItemIndex(),
			description:
				'QuickRouter could not make this video. Check the prompt and the images or videos it was given (a character video must not show a real person), then create it again.',
		});
	}
	return false;
}

/**
 * A check comes at least this long after the one before it: the time limit's own check, and the
 * next of a fixed Check Every after a slow answer.
 */
const MIN_GAP_MS = 1_000;

async function pollUntilDone(
	context: IExecuteSingleFunctions,
	taskId: string,
	family: FamilyRoutes,
	firstAnswer: IDataObject,
	request: DeclarativeRestApiSettings.HttpRequestOptions,
	{ asked, intervalMs, timeLimitMs, routes, budget }: Waiting,
): Promise<IDataObject> {
	const itemIndex = context.getItemIndex();
	const startedAt = clock.now();
	const deadline = startedAt + timeLimitMs;
	// Auto: each check planned from what the answers said, beginning with the one in hand
	const plan =
		intervalMs === undefined
			? new CheckPlan(startedAt, routes.typicalMsOf(asked.model ?? taskId.split(':')[0]))
			: undefined;
	plan?.observe(startedAt, family.readAnswer(firstAnswer, asked)?.progress ?? null);
	// a fixed Check Every is a clock: the next check is due that long after this one was due, not
	// after its answer came (which would add each answer's time to every wait); yet never right
	// after a slow answer, which would send checks back to back to a host that is struggling
	let dueAt = startedAt;
	const nextWaitMs = () =>
		plan
			? withJitter(plan.nextDelayMs(clock.now()))
			: Math.max(MIN_GAP_MS, dueAt + intervalMs! - clock.now());
	let waitMs = nextWaitMs();
	let passingFailures = 0;
	let lastFailure: Failure | undefined;
	let lastStatus: string | undefined;

	for (;;) {
		// Checks once more at the time limit itself, rather than giving up a wait that would pass it
		// (if at least a second is left: a limit of 6 s after checks every 4 s still checks at 6 s)
		if (clock.now() + waitMs > deadline && deadline - clock.now() >= MIN_GAP_MS) {
			waitMs = deadline - clock.now();
		}
		if (clock.now() + waitMs > deadline) {
			throw new NodeOperationError(
				context.getNode(),
				`Task ${taskId} did not finish within ${describeDuration(timeLimitMs)}${lastSeen(passingFailures, lastFailure, lastStatus)}`,
				{
					itemIndex,
					description: `The task keeps running at QuickRouter and is paid for. Fetch it later with Video > Get and the task ID ${taskId}, or raise the time limit under Waiting Options.`,
				},
			);
		}
		dueAt = clock.now() + waitMs;
		const checked = await checkOnce(context, taskId, family, request, {
			waitMs,
			deadline,
			budget,
		});
		const failure = 'failure' in checked ? checked.failure : undefined;
		if (failure && mayRepeatRead(failure)) {
			// A read: try again later, for as long as the time limit allows.
			passingFailures++;
			lastFailure = failure;
			waitMs = checkRetryDelayMs(
				failure,
				passingFailures,
				intervalMs ?? MIN_CHECK_MS * 2,
				MIN_CHECK_MS,
			);
			continue;
		}
		passingFailures = 0;
		if ('error' in checked) throw checked.error;
		const raw = checked.answer;
		const task = family.readAnswer(raw, asked);
		if (isFinished(context, taskId, task)) return raw;
		lastStatus = describeStatus(family.statusWord(raw), task);
		plan?.observe(clock.now(), task?.progress ?? null);
		waitMs = nextWaitMs();
	}
}

/**
 * One status check of a task, `waitMs` from now: with the others of its run where its family
 * answers one lookup for many (ChecksTogether), else alone, in its turn of the run's budget (the
 * time limit's check goes anyway).
 */
async function checkOnce(
	context: IExecuteSingleFunctions,
	taskId: string,
	family: FamilyRoutes,
	request: DeclarativeRestApiSettings.HttpRequestOptions,
	{ waitMs, deadline, budget }: { waitMs: number; deadline: number; budget: CheckBudget },
): Promise<LookupOutcome> {
	let checked: LookupOutcome;
	try {
		if (family.lookupOfMany?.takes(taskId)) {
			checked = await runChecksTogether(context, family, budget).check(context, taskId, request, {
				waitMs,
				deadline,
			});
		} else {
			await sleepUnlessAborted(waitMs, itemSignal(context));
			checked = await checkInTurn(context, taskId, family, request, { budget, deadline });
		}
	} catch (reason) {
		if (context.getExecutionCancelSignal()?.aborted) throw cancelled(context, taskId);
		throw asNodeError(context, reason);
	}
	if ('error' in checked && context.getExecutionCancelSignal()?.aborted) {
		throw cancelled(context, taskId);
	}
	return checked;
}

function cancelled(context: IExecuteSingleFunctions, taskId: string): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`Stopped waiting for task ${taskId}: the execution was cancelled`,
		{
			itemIndex: context.getItemIndex(),
			description: `The task keeps running at QuickRouter. Fetch it later with Video > Get and the task ID ${taskId}.`,
		},
	);
}

function describeDuration(ms: number): string {
	const [count, unit] =
		ms < 60_000 ? [Math.round(ms / 1000), 'second'] : [Math.round(ms / 6000) / 10, 'minute'];
	return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/**
 * The last status for the time limit's error, with why it was not the end where the word alone
 * would not say: a word the node does not know, or "completed" with no video to fetch.
 */
function describeStatus(
	said: string | undefined,
	task: SimplifiedTask | undefined,
): string | undefined {
	if (said === undefined) return undefined;
	const word = said.length > 60 ? `${said.slice(0, 57)}...` : said;
	if (!task) return `"${word}", a status this node does not know`;
	if (stateOfWord(word) === 'completed' && !task.videoUrl) {
		return `${word}, but the answer gives no video link`;
	}
	return word;
}

/**
 * A network failure in words. Not its code: n8n replaces the whole message of an error that
 * names one (ETIMEDOUT, ECONNRESET, ...) with a general text of its own.
 */
const NETWORK_FAILURE_WORDS: Record<string, string> = {
	ETIMEDOUT: 'not answered in time',
	ECONNABORTED: 'not answered in time',
	ECONNRESET: 'cut off before the answer',
	ECONNREFUSED: 'refused at the connection',
	ENOTFOUND: 'sent to a host name that was not found',
	EAI_AGAIN: 'lost to a failing DNS lookup',
};

/** What the last checks saw, for the time limit's error: why the wait came to nothing. */
function lastSeen(
	failuresInARow: number,
	failure: Failure | undefined,
	status: string | undefined,
): string {
	if (failuresInARow > 0 && failure) {
		const what =
			failure.kind === 'throttled'
				? 'turned away (429)'
				: /^\d{3}$/.test(failure.code)
					? `answered with HTTP ${failure.code}`
					: (NETWORK_FAILURE_WORDS[failure.code] ?? 'not answered');
		return ` (the last ${failuresInARow === 1 ? 'check was' : `${failuresInARow} checks were`} ${what})`;
	}
	return status ? ` (last status: ${status})` : '';
}
