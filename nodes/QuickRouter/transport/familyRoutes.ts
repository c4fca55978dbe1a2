import type { IDataObject } from 'n8n-workflow';

import { readTaskId, type SimplifiedTask, type TaskRequest } from './answers';

/**
 * How a model family's tasks travel (its routes, task IDs and answers), as the sending and the
 * steps after it reach them. Each family states its own (models/); these are the shapes only, so
 * that the layers below the models take them as given (resources/ hands the catalogue down).
 */

/** A request as the node sends it: its route (under the API root), and its body or query. */
export interface ItemRequest {
	url: string;
	body?: IDataObject;
	qs?: IDataObject;
}

/** A row's create, as checked: the model, the prompt, and the body fields its model takes. */
export interface CheckedCreate {
	model: string;
	prompt: string;
	/** From the family fields (models/modelRules), and Options › Additional Body Fields. */
	modelBody: IDataObject;
	/** A key unique to this row of this execution, for a family that takes a caller's task key. */
	rowKey?: string;
}

/**
 * What a create's answer says: the task it made; or, in a success's words, a failure, as the HTTP
 * status it stands for (a family's own code: a refusal, a rate limit, a server error), so that it
 * is met as that failure is, with what it said ("code 1102"); or neither.
 */
export type CreateAnswer =
	| { task: IDataObject }
	| { failedAs: { statusCode: number; said: string } }
	| undefined;

/**
 * A family's routes: the request a create is, the task its answer names (with an `id` in the form
 * the node hands on, enough for Get on its own), which task IDs are the family's, where a task is
 * looked up, and how a lookup answer reads. The families on QuickRouter's unified routes share
 * one (models/unified.ts); a family on routes of its own brings its own.
 */
export interface FamilyRoutes {
	createRequest(row: CheckedCreate): ItemRequest;
	/** What a create's answer (to `request`) says: see CreateAnswer. */
	createdTask(answer: unknown, request: ItemRequest): CreateAnswer;
	/** For a family that takes a caller's task key: how a create is found by that key. */
	byKey?: TaskByKey;
	ownsTaskId(taskId: string): boolean;
	lookupOf(taskId: string): ItemRequest;
	/**
	 * For a family that answers one lookup for many tasks (Seedance 1.x): which of its tasks it
	 * takes, how many at most, and the lookup of those; the status checks of a run's waiting tasks
	 * then go together.
	 */
	lookupOfMany?: {
		takes(taskId: string): boolean;
		tasksAtMost: number;
		of(taskIds: string[]): ItemRequest;
	};
	/**
	 * For a family whose lookup answers with a list of tasks: this task's part of it, the item of
	 * its very ID (undefined when the list does not hold it); any other answer as it came.
	 */
	answerOfLookup?(answer: unknown, taskId: string): unknown;
	/**
	 * A failure said in a success's words (a family's own code in an HTTP 200 that names no task):
	 * the HTTP status it stands for, and what was said ("code 1102"). Met as that failure is, for a
	 * create and a lookup alike.
	 */
	failureIn?(answer: unknown): { statusCode: number; said: string } | undefined;
	/**
	 * The ID of another task than the one asked for, when the answer names one in the family's
	 * own form (a caching or hostile host): its status and video are not this task's. Left out:
	 * QuickRouter's unified form (`<model>:<id>`) is judged.
	 */
	otherTaskIn?(answer: unknown, askedId: string): string | undefined;
	/** A lookup (or create) answer as the flat task; undefined for a shape it does not know. */
	readAnswer(answer: unknown, asked?: TaskRequest): SimplifiedTask | undefined;
	/** The status word a lookup answer gives, as given: a word not known here still says "a task". */
	statusWord(answer: unknown): string | undefined;
}

/**
 * How a task made under a caller's key is found (after an unclear create, to tell whether it
 * exists): the ID to look up, the task when the answer is that very key's, and the family's own
 * answer that no task has it (only that counts: any other failure tells nothing).
 */
export interface TaskByKey {
	lookupId(request: ItemRequest): string | undefined;
	found(answer: unknown, request: ItemRequest): IDataObject | undefined;
	absent(statusCode: number, body: unknown): boolean;
}

/** The catalogue's routes, by model or by task ID, and how long a task usually takes. */
export interface RoutesCatalogue {
	ofModel(model: unknown): FamilyRoutes;
	ofTask(taskId: string): FamilyRoutes;
	/** About how long a task of this model (or task ID prefix) takes, in ms: paces Auto. */
	typicalMsOf(modelOrPrefix: string | undefined): number;
}

/** A task as the node handed it on (its `id` names it), read by its family's routes. */
export function readTaskOf(
	routes: RoutesCatalogue,
	answer: IDataObject,
	asked?: TaskRequest,
): SimplifiedTask | undefined {
	return routes.ofTask(readTaskId(answer) ?? '').readAnswer(answer, asked);
}
