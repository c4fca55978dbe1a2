import type { DeclarativeRestApiSettings } from 'n8n-workflow';

import type { TaskLookup } from '../transport/lookUpTask';

/**
 * What a step after an item's request is given: the request as it was sent, and the item's
 * checked values (the input check's output). A step reads its settings from the checked values,
 * never from the node's parameters again: what was checked is what runs.
 */
export interface SentItem<Checked> {
	request: DeclarativeRestApiSettings.HttpRequestOptions;
	checked: Checked;
}

/** The task-output fields, as checked (see resources/video/taskOutput). */
export interface TaskOutputChoices {
	simplify?: boolean;
	download?: boolean;
	binaryPropertyName?: string;
	maxVideoSizeMb?: number;
}

/** The waiting fields, as checked (see resources/video/waiting). */
export interface WaitChoices {
	waitForCompletion?: boolean;
	waitOptions?: {
		/** Left out: Auto. */
		pollIntervalSeconds?: number;
		timeLimitMinutes?: number;
		maxChecksPerSecond?: number;
	};
}

/** What the steps after a request know of a task by its ID, from the model catalogue. */
export interface TaskCatalogue {
	/** Where the task of this ID is read. */
	lookupOf(taskId: string): TaskLookup;
	/** About how long a task of this model (or task ID prefix) takes, in ms: paces Auto. */
	typicalMsOf(modelOrPrefix: string | undefined): number;
}
