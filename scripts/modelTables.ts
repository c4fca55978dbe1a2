/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a command-line script, not node code */
/**
 * The README's field table of each model family, made from the model catalogue:
 * `npm run docs:models` writes them between the README's markers; a test checks they are current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	FAMILIES,
	fieldOfFamily,
	retirementStory,
} from '../nodes/QuickRouter/models/catalogue';
import type { Allowed, FamilyFacts } from '../nodes/QuickRouter/models/modelFacts';

export const START =
	'<!-- model tables: made by npm run docs:models from nodes/QuickRouter/models -->';
export const END = '<!-- end of model tables -->';

function cell(allowed: Allowed | undefined): string {
	if (allowed === undefined) return '—';
	if (allowed === true) return '✓';
	if (Array.isArray(allowed)) return allowed.join(', ');
	return `up to ${(allowed as { maxLinks: number }).maxLinks}`;
}

function familyTable(family: FamilyFacts): string {
	const parameters = [...new Set(family.models.flatMap((model) => Object.keys(model.takes)))];
	const fields = parameters.map((parameter) => fieldOfFamily(family, parameter)!);
	const heads = fields.map((field) =>
		field.notSent
			? field.editor.displayName
			: `${field.editor.displayName} (\`${field.property}\`)`,
	);
	const rows = family.models.map(
		(model) =>
			`| ${model.name} (\`${model.id}\`) | ${model.description} | ${parameters.map((parameter) => cell(model.takes[parameter])).join(' | ')} |`,
	);
	const retired = retirementStory(family);
	return [
		retired ? `#### ${family.name} (retired on ${family.retired!.on})` : `#### ${family.name}`,
		'',
		...(retired ? [`**${retired}** Its models stay for workflows made before.`, ''] : []),
		`${family.description}.`,
		'',
		`| Model | What for | ${heads.join(' | ')} |`,
		`|---|---|${fields.map(() => '---').join('|')}|`,
		...rows,
	].join('\n');
}

/** Every family's table, between the markers. */
export function modelTables(): string {
	return [START, '', ...FAMILIES.map(familyTable).flatMap((table) => [table, '']), END].join('\n');
}

function readmePath(): string {
	// from the source (tests) or from its compiled copy in .build/scripts
	for (const candidate of [
		join(__dirname, '..', 'README.md'),
		join(__dirname, '..', '..', 'README.md'),
	]) {
		try {
			if (readFileSync(candidate, 'utf8').includes(START)) return candidate;
		} catch {
			// not there
		}
	}
	throw new Error(`no README with the marker ${START}`);
}

/** The README's tables as they stand. */
export function tablesInReadme(): string {
	const text = readFileSync(readmePath(), 'utf8');
	return text.slice(text.indexOf(START), text.indexOf(END) + END.length);
}

if (require.main === module) {
	const path = readmePath();
	const text = readFileSync(path, 'utf8');
	writeFileSync(path, text.replace(tablesInReadme(), modelTables()));
	console.log(`model tables written into ${path}`);
}
