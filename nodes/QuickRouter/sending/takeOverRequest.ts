import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { readTaskId } from '../transport/answers';
import { isModelUnavailable } from '../transport/apiErrors';
import { checkedItemValues, type OperationInput } from '../input/checkRunInput';
import {
	asNodeError,
	errorItemJson,
	factsOf,
	nameItem,
	noteOnError,
	type ErrorFacts,
} from '../run/itemErrors';
import {
	errorWithoutKey,
	itemsWithoutKey,
	runApiKey,
	textWithoutKey,
} from '../transport/keepKeySecret';
import { sendCheckedRequest } from '../input/routedFields';
import type { SentItem } from '../tasks/sentItem';
import {
	beginItemTry,
	continuesOnFail,
	isToolCall,
	runStateOf,
	stopReason,
	type NodeTry,
	type RunState,
} from '../run/runState';

/** Sends an item's request (with the operation's policy for failures) and gives its items. */
export type SendRequest = (
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	nodeTry: NodeTry,
	checked: IDataObject,
) => Promise<INodeExecutionData[]>;

/** What follows an item's request (waiting, downloading, reshaping), given what was sent. */
export type AfterRequestStep = (
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	sent: SentItem<IDataObject>,
) => Promise<INodeExecutionData[]>;

/** What the error that stops the run adds about the run's other items (the tasks it made). */
export type StopNote = (run: RunState, context: IExecuteSingleFunctions) => string;

type RequestTakeover = (
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
) => Promise<INodeExecutionData[]>;

/**
 * The hook through which the node takes over an item's request: RoutingNode hands a request to
 * `operations.pagination` when `paginate` is set, after its preSend hooks and before anything is
 * sent, and takes the items it returns as the item's output. It:
 * - checks every item's input once per run before anything is sent, so a bad row costs nothing,
 *   and sends the request the checked values hold (built by the model's family), never the raw
 *   form;
 * - sends the request the operation's way, then runs its steps after it (wait, download, simplify);
 * - gives every output item its `pairedItem`; names the item in every error; and with "continue
 *   on fail" (or on an AI agent's tool call, which stands on its own) turns a failure into an error
 *   item that keeps its pairing (RoutingNode's own error items have none), with the task ID if one
 *   was made and whether a task may exist;
 * - without "continue on fail", the first failure stops the other items (their output would be
 *   dropped with the node's error) and the error lists the tasks already made, so none is lost;
 * - is the node's boundary: nothing leaves it with the API key in it (keepKeySecret).
 */
export function takeOverRequest(
	input: OperationInput,
	send: SendRequest,
	after: AfterRequestStep[] = [],
	stopNote?: StopNote,
): RequestTakeover {
	return async function sendItemOurWay(requestData) {
		const itemIndex = this.getItemIndex();
		const nodeTry = beginItemTry(this);
		let taskId: string | undefined;
		let checked: IDataObject | undefined;
		try {
			checked = await checkedItemValues(this, input);
			if (!checked) return [];
			sendCheckedRequest(requestData.options, checked);
			let items = await send.call(this, requestData, nodeTry, checked);
			taskId = readTaskId(items[0]?.json);
			const sent = { request: requestData.options, checked };
			for (const step of after) items = await step.call(this, items, sent);
			// A model the node does not know was sent as given, a retired one asked for: the output says so
			const warning = typeof checked.warning === 'string' ? { warning: checked.warning } : {};
			const paired = items.map((item) => ({
				...item,
				json: { ...item.json, ...warning },
				pairedItem: { item: itemIndex },
			}));
			return itemsWithoutKey(paired, await runApiKey(this));
		} catch (caught) {
			// Another item failed and the node stops: this item's output would be dropped anyway.
			if (nodeTry.stopped && caught === nodeTry.stop.signal.reason) return [];
			const error = asNodeError(this, caught);
			nameItem(error, itemIndex);
			// ... and its error too (once: Retry On Fail may meet the same error again)
			if (typeof checked?.warning === 'string' && !error.description?.includes(checked.warning)) {
				error.description = `${error.description ?? ''} ${checked.warning}`.trim();
			}
			if (taskId && !factsOf(error).taskId) noteOnError(error, { taskId });
			const continues = continuesOnFail(this);
			// Built anew for every try: the error itself may be one kept from an earlier try.
			const key = await runApiKey(this);
			const sealed = errorWithoutKey(this, error, key);
			if (isToolCall(this)) {
				const advice = isModelUnavailable(error) ? (sealed.description ?? undefined) : undefined;
				sealed.message = withAdviceForAnAgent(sealed.message, factsOf(sealed), advice);
			}
			if (!continues) {
				const note = await stopTry(this, nodeTry, stopNote);
				// the note quotes task IDs as hosts gave them: kept out of it too
				if (note)
					sealed.description = `${sealed.description ?? ''} ${textWithoutKey(note, key)}`.trim();
				throw sealed;
			}
			return [{ json: errorItemJson(sealed), pairedItem: { item: itemIndex } }];
		}
	};
}

/**
 * What an AI agent must know to act on a failed call, in the message itself (the only part some
 * agents pass on to the model): an agent cannot look in the QuickRouter account, calling Create
 * again after an unclear failure could pay twice, and a model QuickRouter does not serve needs
 * another model, not another try.
 */
function withAdviceForAnAgent(message: string, facts: ErrorFacts, advice?: string): string {
	const said = message.replace(/\.$/, '');
	// a model QuickRouter does not serve: what to pick instead (a retired Sora, say)
	if (advice) return `${said}. ${advice}`;
	// a task that exists (made, or found by its row's key): its ID, for Get
	if (facts.taskId) {
		return `${said}. The task ${facts.taskId} exists: look it up with Get later instead of creating it again.`;
	}
	if (facts.taskMayExist === true) {
		return `${said}. Do not call Create again for this video: the task may exist, and every create is paid. Tell the user, who can check the QuickRouter task list.`;
	}
	return message;
}

/** Stops the try's other items and waits for them; gives the note on the tasks the run made. */
async function stopTry(
	context: IExecuteSingleFunctions,
	nodeTry: NodeTry,
	stopNote?: StopNote,
): Promise<string> {
	if (!nodeTry.stopped) nodeTry.stop.abort(stopReason(context, context.getItemIndex()));
	await nodeTry.settled();
	return stopNote?.(runStateOf(context), context) ?? '';
}
