import type { INodeProperties } from 'n8n-workflow';

import type { FamilyRoutes } from '../transport/familyRoutes';

/**
 * The shape of the model catalogue: what a model family is, which body fields its models take,
 * and with which values. Each family's facts live in one file (sora.ts, veo.ts, grok.ts); the
 * catalogue (catalogue.ts) puts them together; the editor's display rules, the input checks and
 * the README's field tables are all made from them, so that adding a model is one entry.
 */

export type FamilyId = 'sora' | 'veo' | 'grok' | 'kling' | 'seedance' | 'hailuo';

/** How a field's value is read and checked, and how it goes into the body. */
export type FieldKind =
	/** One of the field's choices (the model's allowed values) */
	| 'choice'
	/** A number of seconds, one of the model's allowed values ("15" from a sheet is 15) */
	| 'seconds'
	| 'boolean'
	/** A list of http(s) links (several may come in one sheet cell) */
	| 'links'
	/** One http(s) link */
	| 'link'
	/** Seconds written "start,end" */
	| 'timeRange'
	/** Free text (trimmed) */
	| 'text'
	/** A number from 0 to 1 */
	| 'fraction';

/** A body field a family's models may take, and the node field that gives it. */
export interface FamilyField {
	/** The node parameter: its name, and its path when it sits in a collection ("options.watermark"). */
	parameter: string;
	/** Where it goes in the request body; several fields may fill one list ("images"), each at a place. */
	property: string;
	kind: FieldKind;
	/** For a field that fills one place of a list property: which (first frame 0, last frame 1). */
	position?: number;
	/**
	 * A field left at this value is simply not sent to a model that does not take it (so that a
	 * sheet can mix families with one node); any other value there is refused, naming the field.
	 */
	unset: unknown;
	/** A field the node uses itself, not sent (a switch that shows other fields). */
	notSent?: boolean;
	/**
	 * A field that counts only while this switch (another field of the family) is on: then it
	 * must be given; while off it is neither sent nor checked.
	 */
	onlyWith?: string;
	/** Another field (its parameter) that must be given with this one (a last frame needs a first). */
	requires?: string;
	/** The value as the body takes it, when not as checked (a camera move's name in an object). */
	toBody?: (value: unknown) => unknown;
	/** For a time range: how long it may be, in seconds. */
	range?: { minLength: number; maxLength: number };
	/** The field as the editor shows it, without display rules: those come from the catalogue. */
	editor: INodeProperties;
}

/** What a model allows in one field: its values, or `true` for any value of the field's kind. */
export type Allowed = readonly (string | number)[] | true | { maxLinks: number };

export interface ModelFacts {
	/** The API's model ID, as sent in `model`. */
	id: string;
	/** As the editor lists it. */
	name: string;
	/** One line on what it is for. */
	description: string;
	/** By parameter: what the model allows in each field it takes; a field not listed is not taken. */
	takes: Readonly<Record<string, Allowed>>;
	/** Parameters a row must give for this model: what it makes its video from (a frames model's first frame). */
	needs?: readonly string[];
}

export interface FamilyFacts {
	id: FamilyId;
	name: string;
	/** One line, for the README. */
	description: string;
	models: readonly ModelFacts[];
	fields: readonly FamilyField[];
	/**
	 * About how long a video of this family takes, in seconds (inferred: QuickRouter documents no
	 * durations): paces Check Every: Auto when the answers give no progress.
	 */
	typicalSeconds: number;
	/**
	 * For a family gone upstream: its models stay (old workflows), listed after the live ones,
	 * with a notice in the editor and a warning on every row that asks for one.
	 */
	retired?: Retirement;
	/** How its tasks are created, named, looked up and read (see FamilyRoutes). */
	routes: FamilyRoutes;
	/**
	 * For a family whose own task IDs do not say the family (Kling's digits): the choices that
	 * make such a bare ID, copied from QuickRouter's task list, one the node can look up.
	 */
	bareIds?: ReadonlyArray<{ name: string; prefix: string }>;
	/**
	 * The family's own rules between a row's fields, where one field's value limits another's
	 * (Hailuo: 10 seconds only at 768P): each issue names the parameter it is about.
	 */
	rowIssues?: (row: FamilyRow) => Array<{ parameter: string; message: string }>;
}

/** A row as a family's own rules read it, once its fields are read by their kinds. */
export interface FamilyRow {
	model: ModelFacts;
	prompt: string;
	/** A field's value in the model's own form; undefined when left unset (the model's default). */
	valueOf(parameter: string): unknown;
}

/** Why and since when a family's models can no longer be made, and what to pick instead. */
export interface Retirement {
	/** ISO date. */
	on: string;
	/** What happened, to follow "On <date>, " ("OpenAI removed its Videos API ..."). */
	what: string;
	/** Live models to pick instead, by ID (each a model of the catalogue). */
	instead: readonly string[];
}
