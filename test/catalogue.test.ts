/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code: reads the API facts beside the checkout */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	catalogueSpelling,
	FAMILIES,
	fieldOfFamily,
	FIELDS,
	MODELS,
} from '../nodes/QuickRouter/models/catalogue';
import { modelTables, tablesInReadme } from '../scripts/modelTables';
import { runQuickRouter } from './harness/engine';
import { familyOfAnyModel } from './simulator/contract';
import { KLING_MODELS } from './simulator/kling';
import type { RouteName } from './simulator/server';
import { useSimulator } from './useSimulator';

/**
 * The catalogue against what was written apart from it: the API facts (../shared) and the
 * simulator's contract. Each model, with every field it takes set, sends a body the contract
 * accepts, holding each of those fields; so a wrong entry fails here instead of being mirrored.
 */

// every model's body against the contract: Sora's too, served here as before it was retired
const simulator = useSimulator({ taskDurationMs: 0, modelsWithoutChannel: [] });

const API_FACTS = join(__dirname, '..', '..', 'shared', 'quickrouter-api.md');

/** The create route of each family on routes of its own, by the simulator's names. */
const CREATE_ROUTE: Record<string, RouteName> = {
	kling: 'klingCreate',
	seedance: 'seedanceCreate',
	hailuo: 'hailuoCreate',
};

/** Seedance: the fields that are items of `content[]`, by their role there (`content[<role>]`). */
const SEEDANCE_ROLE = (property: string) => /^content\[(\w+)\]$/.exec(property)?.[1];
/** Seedance 1.x: the fields that are commands in the prompt's text (Volcengine's). */
const SEEDANCE_1_COMMAND: Record<string, string> = {
	ratio: '--ratio',
	duration: '--dur',
	watermark: '--wm',
};

describe('the model catalogue', () => {
	it('lists every model of the API facts, each in its family, each once', () => {
		const ids = MODELS.map((model) => model.id);
		expect(new Set(ids).size).toBe(ids.length);
		const facts = existsSync(API_FACTS) ? readFileSync(API_FACTS, 'utf8') : '';
		const veoRow =
			facts.split('\n').find((line) => line.startsWith('| `model`') && line.includes('`veo2`')) ??
			'';
		const documentedVeo = [...veoRow.matchAll(/`(veo[^`]+)`/g)].map((match) => match[1]);
		if (facts) expect(documentedVeo).toHaveLength(18);
		for (const id of documentedVeo) expect(ids).toContain(id);
		for (const id of ['sora-2', 'sora-2-pro', 'grok-video-3']) expect(ids).toContain(id);
		// Kling's list, as the facts give it (its own section)
		const klingSection = facts.slice(facts.indexOf('#### Kling'), facts.indexOf('#### Doubao'));
		const documentedKling = [
			...new Set([...klingSection.matchAll(/`(kling-v[\w-]+)`/g)].map((match) => match[1])),
		];
		if (facts) expect(documentedKling).toHaveLength(9);
		expect(ids.filter((id) => id.startsWith('kling-'))).toEqual(
			documentedKling.length ? documentedKling : [...KLING_MODELS],
		);
		// Seedance's and Hailuo's, as the facts name them
		const documented = (section: string, next: string, form: RegExp) => {
			const text = facts.slice(facts.indexOf(section), facts.indexOf(next));
			return [...new Set([...text.matchAll(form)].map((match) => match[1]))];
		};
		if (facts) {
			for (const id of [
				...documented('#### Doubao', '#### MiniMax', /`(doubao-seedance-[\w-]+)`/g),
				...documented('#### MiniMax', '#### Also', /`(MiniMax-Hailuo-[\w.-]+)`/g),
			]) {
				expect(ids).toContain(id);
			}
		}
		// the simulator's families, written apart from the catalogue
		for (const model of MODELS) expect(familyOfAnyModel(model.id)).toBe(model.family.id);
	});

	it('gives every model a name and a one-line description, and every field it takes exists', () => {
		for (const model of MODELS) {
			expect(model.name).toMatch(/^(Sora|Veo|Grok|Kling|Seedance|Hailuo) /);
			expect(model.description).not.toMatch(/\n/);
			for (const parameter of Object.keys(model.takes)) {
				expect({
					model: model.id,
					parameter,
					known: FIELDS.some((field) => field.parameter === parameter),
				}).toMatchObject({ known: true });
			}
		}
		// live families first
		expect(FAMILIES.map((family) => family.id)).toEqual([
			'veo',
			'grok',
			'kling',
			'seedance',
			'hailuo',
			'sora',
		]);
	});

	it('a model written loosely, as a sheet or an LLM may (case, hyphens for spaces), is that model and no other', () => {
		for (const model of MODELS) {
			for (const written of [
				model.id.toUpperCase(),
				` ${model.name.toLowerCase().replace(/ /g, '-')} `,
				model.name.replace(/ /g, '_'),
			]) {
				expect({ written, is: catalogueSpelling(written.trim()) }).toEqual({
					written,
					is: model.id,
				});
			}
		}
		expect(catalogueSpelling('seedance-2.0')).toBe('doubao-seedance-2-0-260128');
		expect(catalogueSpelling('hailuo-02')).toBe('MiniMax-Hailuo-02');
		expect(catalogueSpelling('my-new-model')).toBe('my-new-model');
	});

	it("the README's field table of each family is the catalogue's (npm run docs:models)", () => {
		expect(tablesInReadme()).toBe(modelTables());
	});

	/** A value for each field the model takes that is not its default, so that it is sent. */
	function everyField(modelId: string): INodeParameters {
		const model = MODELS.find((candidate) => candidate.id === modelId)!;
		const parameters: IDataObject = {
			model: '={{ $json.model }}',
			prompt: 'every field',
			options: {},
		};
		for (const [parameter, allowed] of Object.entries(model.takes)) {
			const field = fieldOfFamily(model.family, parameter)!;
			let value: unknown;
			if (field.kind === 'boolean') value = field.unset === true ? false : true;
			else if (field.kind === 'links') value = ['https://img.example/a.jpg'];
			else if (field.kind === 'link') value = `https://img.example/${parameter}.jpg`;
			else if (field.kind === 'timeRange') value = '0,2';
			else if (field.kind === 'text') value = 'no blur';
			else if (field.kind === 'fraction') value = 0.7;
			else if (Array.isArray(allowed)) value = allowed[allowed.length - 1];
			// Hailuo makes 10 seconds at 768P only: its first resolution, with its longest duration
			if (parameter === 'options.hailuoResolution') value = (allowed as string[])[0];
			const [head, tail] = parameter.split('.');
			if (tail) (parameters[head] as IDataObject)[tail] = value as IDataObject[string];
			else parameters[head] = value as IDataObject[string];
		}
		return parameters as INodeParameters;
	}

	it.each(MODELS.map((model) => model.id))(
		'%s, with every field it takes set: the contract accepts the body, and each field is in it',
		async (modelId) => {
			const model = MODELS.find((candidate) => candidate.id === modelId)!;

			const result = await runQuickRouter({
				parameters: { resource: 'video', operation: 'create', ...everyField(modelId) },
				items: [{ model: modelId }],
				credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
			});

			expect(result.error).toBeUndefined();
			const createRoute = CREATE_ROUTE[model.family.id] ?? 'create';
			const [request] = simulator().requestsTo(createRoute);
			const body = request.body as IDataObject;
			for (const parameter of Object.keys(model.takes)) {
				const field = fieldOfFamily(model.family, parameter)!;
				if (field.notSent) continue;
				const content = (body.content ?? []) as IDataObject[];
				if (SEEDANCE_ROLE(field.property)) {
					// an item of content[], by its role
					expect(content.map((item) => item.role)).toContain(SEEDANCE_ROLE(field.property));
				} else if (model.id.startsWith('doubao-seedance-1-')) {
					// a command in the prompt's text
					expect(String(content[0]?.text)).toContain(` ${SEEDANCE_1_COMMAND[field.property]} `);
				} else {
					expect(Object.keys(body)).toContain(field.property);
				}
			}
		},
	);
});
