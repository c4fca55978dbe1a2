import type {
	IDisplayOptions,
	INodeProperties,
	INodePropertyOptions,
	NodePropertyTypes,
} from 'n8n-workflow';

import type {
	CheckedCreate,
	FamilyRoutes,
	ItemRequest,
	RoutesCatalogue,
} from '../transport/familyRoutes';
import { GROK } from './grok';
import { HAILUO } from './hailuo';
import { KLING } from './kling';
import type { Allowed, FamilyFacts, FamilyField, ModelFacts } from './modelFacts';
import { SEEDANCE } from './seedance';
import { SORA } from './sora';
import { UNIFIED_ROUTES } from './unified';
import { VEO } from './veo';

/**
 * The model catalogue: every family and model the node knows, live families first. Adding a model
 * is one entry in its family's file; the fields, display rules, input checks and the README's
 * tables follow from here.
 */
export const FAMILIES: readonly FamilyFacts[] = [VEO, GROK, KLING, SEEDANCE, HAILUO, SORA];

/** The model a node starts on: live, fast and cheap, from text or a first frame. */
export const DEFAULT_MODEL = 'veo3.1-fast';

export interface CatalogueModel extends ModelFacts {
	family: FamilyFacts;
}

export const MODELS: readonly CatalogueModel[] = FAMILIES.flatMap((family) =>
	family.models.map((model) => ({ ...model, family })),
);

const MODEL_BY_ID = new Map(MODELS.map((model) => [model.id, model]));
/** The Model field's name of a model: a retired family's say so. */
function listedName(model: CatalogueModel): string {
	return model.family.retired ? `${model.name} (Retired)` : model.name;
}

/**
 * A model's ID or name in one form: lower case, words apart by one space, whether a sheet or an
 * LLM parts them by spaces, hyphens or underscores ("hailuo-02" is Hailuo 02).
 */
const asWritten = (idOrName: string) =>
	idOrName
		.toLowerCase()
		.split(/[\s_-]+/)
		.filter(Boolean)
		.join(' ');
const MODEL_BY_WRITTEN_NAME = new Map(
	MODELS.flatMap((model) =>
		[model.id, model.name, listedName(model)].map(
			(written) => [asWritten(written), model] as const,
		),
	),
);

/** The model of this ID, or undefined for one the node does not know (QuickRouter adds models). */
export function modelById(id: unknown): CatalogueModel | undefined {
	return typeof id === 'string' ? MODEL_BY_ID.get(id) : undefined;
}

/**
 * A model as a sheet or an LLM writes it, its ID in another case ("VEO3.1-Fast") or its name as
 * the Model field lists it ("Veo 3.1 Fast", "Sora 2 (Retired)", "seedance-2.0"): the catalogue's ID of that known
 * model, so that it is held to that model's rules; any other ID as given (its spaces and invisible
 * characters already gone).
 */
export function catalogueSpelling(written: string): string {
	return MODEL_BY_WRITTEN_NAME.get(asWritten(written))?.id ?? written;
}

/** "Veo 3.1 Fast (veo3.1-fast) or Grok Video 3 (grok-video-3)" */
function modelsNamed(ids: readonly string[]): string {
	const named = ids.map((id) => `${modelById(id)?.name ?? id} (${id})`);
	return named.length <= 1 ? named.join('') : `${named.slice(0, -1).join(', ')} or ${named.at(-1)}`;
}

/**
 * A family retired upstream, in two sentences: what happened and when, and what to pick instead;
 * undefined for a live one.
 */
export function retirementStory(family: FamilyFacts): string | undefined {
	const { retired } = family;
	if (!retired) return undefined;
	return `${family.name} is retired: on ${retired.on}, ${retired.what}. Pick a live model instead, such as ${modelsNamed(retired.instead)}.`;
}

/**
 * The warning a row's output carries when its model was not checked against known rules (a
 * model this node does not know) or can no longer be made (a retired family's).
 */
export function modelWarning(id: unknown): string | undefined {
	const model = modelById(id);
	if (!model) {
		return `${String(id)} is not a model this node knows (${FAMILIES.map((family) => family.name).join(', ')}): it was sent as given, with the fields set for it, and not checked against its own rules.`;
	}
	const story = retirementStory(model.family);
	return story ? `${model.id}: ${story}` : undefined;
}

/**
 * What to do when QuickRouter says a model is not available on the key; for a retired family's,
 * nothing more than the row's warning says already (modelWarning).
 */
export function unavailableModelAdvice(id: unknown): string | undefined {
	if (modelById(id)?.family.retired) return undefined;
	return `Pick another model, or check that your QuickRouter plan includes ${String(id)}.`;
}

/** For a model the node does not know: a few minutes, as most video models take. */
const UNKNOWN_MODEL_TYPICAL_SECONDS = 180;

/**
 * How long a task of this model usually takes (ms). Also takes a task ID's prefix, which is the
 * model or the family ("sora-2", "grok"), for Get, which is not told the model.
 */
export function typicalDurationMs(modelOrPrefix: string | undefined): number {
	const family =
		modelById(modelOrPrefix)?.family ??
		// a family's newer model is named after it ("sora-3", "veo4")
		FAMILIES.find((candidate) => modelOrPrefix?.toLowerCase().startsWith(candidate.id));
	return (family?.typicalSeconds ?? UNKNOWN_MODEL_TYPICAL_SECONDS) * 1000;
}

/**
 * How a model's tasks travel: its family's routes; a model the node does not know goes to the
 * unified routes (QuickRouter adds models there first).
 */
export function routesOfModel(model: unknown): FamilyRoutes {
	return modelById(model)?.family.routes ?? UNIFIED_ROUTES;
}

/**
 * How a task travels, by the ID the node handed on: the routes of the family whose IDs it has,
 * the unified ones for the rest (their IDs name a model, which may be one the node does not know).
 */
export function routesOfTask(taskId: string): FamilyRoutes {
	const own = FAMILIES.find(
		(family) => family.routes !== UNIFIED_ROUTES && family.routes.ownsTaskId(taskId),
	);
	return own?.routes ?? UNIFIED_ROUTES;
}

/** Whether a task ID is one the node can look up: in a family's own form, or the unified one. */
export function isTaskId(taskId: string): boolean {
	return routesOfTask(taskId).ownsTaskId(taskId);
}

/** The choices for the family of a bare task ID (Get): the ID's own, or a family's. */
export function bareIdOptions(): INodePropertyOptions[] {
	return [
		{ name: 'As the ID Says', value: '' },
		...FAMILIES.flatMap((family) =>
			(family.bareIds ?? []).map(({ name, prefix }) => ({ name, value: prefix })),
		),
	];
}

/** A row's create request, as its model's family sends it. */
export function createRequestOf(row: CheckedCreate): ItemRequest {
	return routesOfModel(row.model).createRequest(row);
}

/** The catalogue's routes, for the sending and the steps after it (which may not import it). */
export const ROUTES: RoutesCatalogue = {
	ofModel: routesOfModel,
	ofTask: routesOfTask,
	typicalMsOf: typicalDurationMs,
};

/**
 * Every family field, once, as its first family defines it (families may share one, as Sora and
 * Grok share reference images; Veo and Kling a first frame, which each sends its own way: see
 * fieldOfFamily).
 */
export const FIELDS: readonly FamilyField[] = FAMILIES.flatMap((family) => family.fields).filter(
	(field, index, all) => all.findIndex((other) => other.parameter === field.parameter) === index,
);

/** A field as a family defines it: its own property, rules and form in the body. */
export function fieldOfFamily(family: FamilyFacts, parameter: string): FamilyField | undefined {
	return (
		family.fields.find((field) => field.parameter === parameter) ??
		FIELDS.find((field) => field.parameter === parameter)
	);
}

export function fieldOf(parameter: string): FamilyField | undefined {
	return FIELDS.find((field) => field.parameter === parameter);
}

/** What the model allows in a field; undefined when it does not take it. */
export function allowedBy(model: ModelFacts, parameter: string): Allowed | undefined {
	return model.takes[parameter];
}

export function modelsTaking(parameter: string): CatalogueModel[] {
	return MODELS.filter((model) => allowedBy(model, parameter) !== undefined);
}

// An expression (a model per row) shows every field that some model takes: the row's model is
// only known when the node runs, and the input check then holds each row to its model's rules.
const AN_EXPRESSION = { _cnd: { startsWith: '=' } } as const;

/**
 * The Model field's choices: the live models by name (their names start with the family's), then
 * the retired ones, marked so in their names and descriptions.
 */
export function modelOptions(): INodePropertyOptions[] {
	const byName = (a: CatalogueModel, b: CatalogueModel) => a.name.localeCompare(b.name);
	const live = MODELS.filter((model) => !model.family.retired).sort(byName);
	const retired = MODELS.filter((model) => model.family.retired).sort(byName);
	return [...live, ...retired].map((model) => {
		const { retired: retirement } = model.family;
		return {
			name: listedName(model),
			value: model.id,
			description: retirement
				? `${model.family.name} (retired upstream on ${retirement.on}, kept for workflows made before): ${model.description}`
				: `${model.family.name}: ${model.description}`,
		};
	});
}

/**
 * For each retired family: a notice shown while one of its models is chosen, saying what
 * happened, when, and what to pick instead.
 */
export function retiredModelNotices(show: IDisplayOptions['show']): INodeProperties[] {
	return FAMILIES.flatMap((family) => {
		const story = retirementStory(family);
		if (!story) return [];
		return [
			{
				displayName: `${story} ${family.name} stays in this list for workflows made before.`,
				name: `${family.id}RetiredNotice`,
				type: 'notice',
				default: '',
				// by hiding it for every other model (as the family fields): n8n shows a field whose
				// `show` rule meets an expression, and a model per row is no pick of this family
				displayOptions: {
					show,
					hide: {
						model: [
							...MODELS.filter((model) => model.family !== family).map((model) => model.id),
							AN_EXPRESSION,
						],
					},
				},
			},
		];
	});
}

/** The values a model allows in a choice field, as a key ("10,15"), for grouping models. */
function valuesKey(allowed: Allowed | undefined): string {
	return Array.isArray(allowed) ? allowed.join(',') : 'any';
}

/** How many values a set allows (any value counts as the most). */
function breadth(allowed: Allowed | undefined): number {
	return Array.isArray(allowed) ? allowed.length : Number.POSITIVE_INFINITY;
}

/**
 * The editor's properties of the family fields, each shown where it applies: only for the
 * models that take it (and when the model is an expression). A choice whose values differ by
 * model is one property per set of values, each with just those choices; the widest set is the
 * one shown for an expression. `show` holds the operation's own rules.
 */
export function familyFieldProperties(
	show: IDisplayOptions['show'],
	where: 'top level' | 'options',
): INodeProperties[] {
	const known = MODELS.map((model) => model.id);
	return FIELDS.filter((field) => field.parameter.includes('.') === (where === 'options')).flatMap(
		(field) => {
			const taking = modelsTaking(field.parameter);
			const hideFor = (shownFor: string[]) => known.filter((id) => !shownFor.includes(id));
			const modelKey = where === 'options' ? '/model' : 'model';
			const groups = new Map<string, CatalogueModel[]>();
			for (const model of taking) {
				const key = valuesKey(allowedBy(model, field.parameter));
				groups.set(key, [...(groups.get(key) ?? []), model]);
			}
			const widest = [...groups].sort(
				([, a], [, b]) =>
					breadth(allowedBy(b[0], field.parameter)) - breadth(allowedBy(a[0], field.parameter)),
			)[0]?.[0];
			return [...groups].map(([key, models]): INodeProperties => {
				const ids = models.map((model) => model.id);
				const allowed = allowedBy(models[0], field.parameter);
				const { editor } = field;
				// the model's own choices, "Model Default" (an empty value) first
				const options =
					Array.isArray(allowed) && editor.options
						? (editor.options as INodePropertyOptions[])
								.filter(
									(option) =>
										option.value === '' || allowed.includes(option.value as string | number),
								)
								.sort((a, b) => Number(b.value === '') - Number(a.value === ''))
						: editor.options;
				return {
					...editor,
					type: editor.type as NodePropertyTypes,
					...(options ? { options } : {}),
					displayOptions: {
						...editor.displayOptions,
						...(where === 'top level' ? { show: { ...show, ...editor.displayOptions?.show } } : {}),
						hide: {
							[modelKey]: [...hideFor(ids), ...(key === widest ? [] : [AN_EXPRESSION])],
						},
					},
				};
			});
		},
	);
}
