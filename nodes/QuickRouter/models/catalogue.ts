import type {
	IDisplayOptions,
	INodeProperties,
	INodePropertyOptions,
	NodePropertyTypes,
} from 'n8n-workflow';

import { GROK } from './grok';
import type { Allowed, FamilyFacts, FamilyField, ModelFacts } from './modelFacts';
import { SORA } from './sora';
import { VEO } from './veo';

/**
 * The model catalogue: every family and model the node knows, in the order the editor lists
 * them. Adding a model is one entry in its family's file; the fields, display rules, input checks
 * and the README's tables follow from here.
 */
export const FAMILIES: readonly FamilyFacts[] = [SORA, VEO, GROK];

export interface CatalogueModel extends ModelFacts {
	family: FamilyFacts;
}

export const MODELS: readonly CatalogueModel[] = FAMILIES.flatMap((family) =>
	family.models.map((model) => ({ ...model, family })),
);

const MODEL_BY_ID = new Map(MODELS.map((model) => [model.id, model]));

/** The model of this ID, or undefined for one the node does not know (QuickRouter adds models). */
export function modelById(id: unknown): CatalogueModel | undefined {
	return typeof id === 'string' ? MODEL_BY_ID.get(id) : undefined;
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

/** Every family field, once (families may share one, as Sora and Grok share reference images). */
export const FIELDS: readonly FamilyField[] = [
	...new Map(
		FAMILIES.flatMap((family) => family.fields).map((field) => [field.parameter, field]),
	).values(),
];

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

/** The Model field's choices: every model, by family (their names start with it). */
export function modelOptions(): INodePropertyOptions[] {
	return [...MODELS]
		.sort((a, b) => a.name.localeCompare(b.name))
		.map((model) => ({
			name: model.name,
			value: model.id,
			description: `${model.family.name}: ${model.description}`,
		}));
}

// An expression (a model per row) shows every field that some model takes: the row's model is
// only known when the node runs, and the input check then holds each row to its model's rules.
const AN_EXPRESSION = { _cnd: { startsWith: '=' } } as const;

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
				const options =
					Array.isArray(allowed) && editor.options
						? (editor.options as INodePropertyOptions[]).filter(
								(option) =>
									option.value === '' || allowed.includes(option.value as string | number),
							)
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
