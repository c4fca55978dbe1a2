// Refuses to publish while package.json's author, repository or homepage are still placeholders.
//
// They are the one place those facts live (the codex and the credential link to the package's
// npm page instead), and they cannot be invented: the package's owner fills them in. Until then
// each holds "OWNER". Run by `npm run release` and by publish.yml before anything is published.
//
//   node scripts/checkReleaseFields.mjs [path/to/package.json]
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PLACEHOLDER = 'OWNER';
const RELEASE_FIELDS = ['author', 'repository', 'homepage'];

const manifestPath = resolve(
	process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json'),
);
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));

/** The texts a field holds: itself, or the values of an object such as { name, email }. */
const textsOf = (value) =>
	typeof value === 'string'
		? [value]
		: value && typeof value === 'object'
			? Object.values(value).flatMap(textsOf)
			: [];

const unfilled = RELEASE_FIELDS.filter((field) => {
	const texts = textsOf(manifest[field]);
	return (
		texts.length === 0 || texts.some((text) => text.trim() === '' || text.includes(PLACEHOLDER))
	);
});

if (unfilled.length > 0) {
	console.error(
		`Not publishing: ${unfilled.join(', ')} in ${manifestPath} ${unfilled.length === 1 ? 'is' : 'are'} still a placeholder ("${PLACEHOLDER}") or empty. Fill in the package owner's name and email, the repository URL and the homepage (see CONTRIBUTING.md, "Publishing"), then release again.`,
	);
	process.exit(1);
}
console.log(`Release fields filled in: ${RELEASE_FIELDS.join(', ')}`);
