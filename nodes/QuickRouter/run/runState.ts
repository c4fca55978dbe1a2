import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteSingleFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { asNodeError } from './itemErrors';
import { clock } from './clock';

/** The values of an item's request, as RoutingNode evaluated them. */
export interface RoutedValues {
	body: IDataObject;
	qs: IDataObject;
}

/** What became of an item's create request in this run. */
export interface CreateRecord {
	/** The request body sent, so that a record is only reused for the very same request. */
	body: string;
	/** The task QuickRouter created, as the request gave it. */
	items?: INodeExecutionData[];
	/**
	 * A failure after which the request must not be sent again: the task may exist, or QuickRouter
	 * said the model is not available (nothing was made; see its error's taskMayExist).
	 */
	error?: Error;
	/**
	 * Sent already in this run under the row's key, with no task to show (QuickRouter said it had
	 * none, or turned every send away): a refusal of the same request now may mean of the key, used
	 * by a send that made the task after all.
	 */
	sentBefore?: true;
}

/**
 * One pass of the node over its items. n8n's "Retry On Fail" runs the node again over the same
 * items with the same execute data, so a run can have several tries.
 */
export class NodeTry {
	/** Aborted when an item fails without "continue on fail": the node's output is lost anyway. */
	readonly stop = new AbortController();
	private creating = 0;
	private idleWaiters: Array<() => void> = [];

	get stopped(): boolean {
		return this.stop.signal.aborted;
	}

	/** Runs one create; `settled()` waits for every create of the try to be done. */
	async creatingTask<T>(send: () => Promise<T>): Promise<T> {
		this.creating++;
		try {
			return await send();
		} finally {
			this.creating--;
			if (this.creating === 0) for (const wake of this.idleWaiters.splice(0)) wake();
		}
	}

	async settled(): Promise<void> {
		if (this.creating > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
	}
}

/** What the items of one node run share. */
export interface RunState {
	/** Where the credential points, read once (apiRoot). */
	apiRoot?: Promise<string>;
	/** The credential's API key, read once: nothing that leaves the node may contain it. */
	apiKey?: Promise<string>;
	/** By item index: the values RoutingNode put in the request (recordRoutedValues). */
	readonly routedValues: Map<number, RoutedValues>;
	/** By item index; kept across tries, so that no row's task is created twice. */
	readonly creates: Map<number, CreateRecord>;
	readonly tries: NodeTry[];
	/** By item index: how many tries the item has begun. */
	readonly triesBegun: Map<number, number>;
}

/** The part of n8n-core's execution contexts that says what a node run is run over. */
interface WithInputData {
	/** The input RoutingNode reads its items from: `main`, or `ai_tool` for a tool call. */
	inputData?: Partial<Record<string, INodeExecutionData[][]>>;
}

function inputDataOf(context: IExecuteSingleFunctions): WithInputData['inputData'] {
	return (context as unknown as WithInputData).inputData;
}

/**
 * Whether this run is an AI agent's tool call: RoutingNode then runs over the call's arguments,
 * given on the `ai_tool` input, not over rows on `main`.
 */
export function isToolCall(context: IExecuteSingleFunctions): boolean {
	const inputData = inputDataOf(context);
	return inputData?.[NodeConnectionTypes.AiTool] !== undefined && inputData.main === undefined;
}

/**
 * The object that stands for one run of the node, shared by its items and by every try of n8n's
 * Retry On Fail, and by nothing else:
 * - a tool call: its own input. An AI Agent before version 3 runs every tool call inside its own
 *   node run, and all the calls share the agent's execute data; each call gets a new input.
 * - otherwise the run's execute data: a new one for every run of the node (another execution, the
 *   node again in a loop), the same for each try (with Execute Once, each try gets a new input).
 */
function runKeyOf(context: IExecuteSingleFunctions): object {
	const inputData = inputDataOf(context);
	if (inputData && isToolCall(context)) return inputData;
	return context.getExecuteData();
}

const runStates = new WeakMap<object, RunState>();

export function runStateOf(context: IExecuteSingleFunctions): RunState {
	const key = runKeyOf(context);
	let state = runStates.get(key);
	if (!state) {
		state = {
			creates: new Map(),
			routedValues: new Map(),
			tries: [],
			triesBegun: new Map(),
		};
		runStates.set(key, state);
	}
	return state;
}

/** How many items the node run has: those RoutingNode runs over (rows, or one tool call). */
export function itemCount(context: IExecuteSingleFunctions): number {
	const inputData = inputDataOf(context) ?? context.getExecuteData().data;
	const items = inputData?.main ?? inputData?.[NodeConnectionTypes.AiTool];
	return items?.[0]?.length ?? 1;
}

/**
 * Whether a failed item becomes an error item instead of failing the node: with "continue on
 * fail", and always on a tool call, which stands on its own and whose error the LLM should read
 * (an AI Agent before version 3 hands it an empty text for a tool that throws).
 */
export function continuesOnFail(context: IExecuteSingleFunctions): boolean {
	return context.continueOnFail() || isToolCall(context);
}

/** Called once when an item starts: the try it belongs to. */
export function beginItemTry(context: IExecuteSingleFunctions): NodeTry {
	const run = runStateOf(context);
	const itemIndex = context.getItemIndex();
	const tryIndex = run.triesBegun.get(itemIndex) ?? 0;
	run.triesBegun.set(itemIndex, tryIndex + 1);
	run.tries[tryIndex] ??= new NodeTry();
	return run.tries[tryIndex];
}

/** The try this item is in now. */
export function currentTry(context: IExecuteSingleFunctions): NodeTry {
	const run = runStateOf(context);
	const tryIndex = (run.triesBegun.get(context.getItemIndex()) ?? 1) - 1;
	run.tries[tryIndex] ??= new NodeTry();
	return run.tries[tryIndex];
}

/** Aborts when the execution is cancelled, or when the item's try stops (another item failed). */
export function itemSignal(context: IExecuteSingleFunctions): AbortSignal {
	const cancel = context.getExecutionCancelSignal();
	const stop = currentTry(context).stop.signal;
	return cancel ? AbortSignal.any([cancel, stop]) : stop;
}

/**
 * Waits `ms`, or rejects with the signal's reason as soon as it aborts. n8n 2.x's `sleep` takes
 * the signal itself; n8n 1.x's ignores it (its own `sleepWithAbort` is gone in 2.x), so the abort
 * is also listened for here.
 */
export async function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
	signal?.throwIfAborted();
	await new Promise<void>((resolve, reject) => {
		const onAbort = () => reject(signal?.reason);
		signal?.addEventListener('abort', onAbort, { once: true });
		clock.sleep(ms, signal).then(
			() => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			},
			() => onAbort(),
		);
	});
}

/**
 * Waits `ms`, unless the execution is cancelled (rejects with `whenCancelled()`) or the node's try
 * stops because another item failed (rejects with that try's stop reason).
 */
export async function pause(
	context: IExecuteSingleFunctions,
	ms: number,
	whenCancelled: () => Error,
): Promise<void> {
	try {
		await sleepUnlessAborted(ms, itemSignal(context));
	} catch (reason) {
		if (context.getExecutionCancelSignal()?.aborted) throw whenCancelled();
		throw asNodeError(context, reason);
	}
}

/** The reason a try stops with: not an error of the item that meets it. */
export function stopReason(context: IExecuteSingleFunctions, failedItemIndex: number) {
	return new NodeOperationError(
		context.getNode(),
		`Stopped: item ${failedItemIndex + 1} failed and the node stops on errors`,
	);
}
