import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteSingleFunctions,
} from 'n8n-workflow';

/** What an item's error item says besides the message, so that a workflow can sort failed rows. */
export interface ErrorFacts extends IDataObject {
	/** The task this item made, when one was made before the failure. */
	taskId?: string;
	/**
	 * Create only: whether QuickRouter may have created (and charged) a task for this item.
	 * false: running the item again is safe. true: check the QuickRouter account first.
	 */
	taskMayExist?: boolean;
}

const factsOfError = new WeakMap<object, ErrorFacts>();

export function noteOnError(error: object, facts: ErrorFacts): void {
	factsOfError.set(error, { ...factsOfError.get(error), ...facts });
}

export function factsOf(error: object): ErrorFacts {
	return factsOfError.get(error) ?? {};
}

/** n8n's own error types pass as they are; anything else is wrapped, with the item it belongs to. */
export function asNodeError(
	context: IExecuteSingleFunctions,
	caught: unknown,
): NodeApiError | NodeOperationError {
	if (caught instanceof NodeApiError || caught instanceof NodeOperationError) return caught;
	return new NodeOperationError(context.getNode(), caught as Error, {
		itemIndex: context.getItemIndex(),
	});
}

/**
 * Names the item in the error's message ("Item 3: ..."), counting from 1 as a sheet's rows do,
 * so that every failure says which row it is about.
 */
export function nameItem(error: Error, itemIndex: number): void {
	const prefix = `Item ${itemIndex + 1}: `;
	if (!error.message.startsWith(prefix)) error.message = prefix + error.message;
}

/**
 * The item that stands for a failed input item under "continue on fail": one `error` object with
 * the message and what else is known. One key only, because n8n 1.x puts an item on the error
 * output only when its json is `error` alone (or `error` and `message`); n8n 2.x also takes
 * `details`, but not 1.x. n8n merges it with the input item's own fields on the error output (an
 * item carrying the error object itself would be cut down to the message).
 */
export function errorItemJson(error: NodeApiError | NodeOperationError): IDataObject {
	const httpCode = (error as { httpCode?: string | null }).httpCode;
	return {
		error: {
			message: error.message,
			...(error.description ? { description: error.description } : {}),
			...(httpCode ? { httpCode } : {}),
			...factsOf(error),
		},
	};
}
