import type { DeclarativeRestApiSettings } from 'n8n-workflow';

import type { CheckedRequest } from '../transport/answers';

/**
 * What a step after an item's request is given: the request as it was sent, and the item's
 * checked values (the input check's output). A step reads its settings from the checked values,
 * never from the node's parameters again: what was checked is what runs.
 */
export interface SentItem<Checked> {
	request: DeclarativeRestApiSettings.HttpRequestOptions;
	checked: Checked;
}

/** The task-output fields, as checked (see resources/video/taskOutput); what the task asked for. */
export interface TaskOutputChoices extends CheckedRequest {
	simplify?: boolean;
	download?: boolean;
	binaryPropertyName?: string;
	maxVideoSizeMb?: number;
}

/** The waiting fields, as checked (see resources/video/waiting). */
export interface WaitChoices extends CheckedRequest {
	waitForCompletion?: boolean;
	waitOptions?: {
		/** Left out: Auto. */
		pollIntervalSeconds?: number;
		timeLimitMinutes?: number;
		maxChecksPerSecond?: number;
	};
}
