// n8n's static scanner for community packages (@n8n/scan-community-package), run offline.
//
// The scanner's own CLI fetches a package by name from npm and needs its provenance; its
// analyser lints a folder. This runs that analyser's config the way the CLI does, on both legs:
// the source (the scanner's SOURCE_FILE_PATTERNS) and the unpacked `npm pack` output (compiled
// `.js` and package.json). Every finding counts, warnings too: the package has none.
//
//   node scripts/scanPackage.mjs                      packs this checkout, scans source and package
//   node scripts/scanPackage.mjs --source <dir>       scans that folder as a source checkout
//   node scripts/scanPackage.mjs --packed <dir>       scans that folder as an unpacked package
//
// Exit code: 0 with no findings, 1 with any (or when the scan cannot run).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// eslint-plugin-n8n-nodes-base reads file names another way under NODE_ENV=test (its own test
// fixtures), which jest sets for the test of this check: scan as n8n's verification does.
delete process.env.NODE_ENV;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const scannerPath = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
const { buildScanConfig, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerPath).href);
// The ESLint the scanner itself runs with, not this project's own.
const { ESLint } = await import(pathToFileURL(createRequire(scannerPath).resolve('eslint')).href);
const glob = (await import(pathToFileURL(createRequire(scannerPath).resolve('fast-glob')).href))
	.default;

// What the scanner's CLI lints in the unpacked tarball (analyzePackageByName).
const PACKED_FILE_PATTERNS = ['**/*.js', 'package.json'];

async function scan(folder, patterns) {
	const eslint = new ESLint({
		cwd: folder,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const files = glob.sync(patterns, {
		cwd: folder,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	if (files.length === 0) throw new Error(`no files to scan in ${folder}`);
	const results = await eslint.lintFiles(files);
	const findings = results.flatMap((result) =>
		result.messages.map((message) => ({
			file: relative(folder, result.filePath),
			line: message.line,
			rule: message.ruleId ?? 'parse',
			severity: message.severity === 2 ? 'error' : 'warning',
			message: message.message,
		})),
	);
	return { files: files.length, findings };
}

function packThisCheckout() {
	const folder = mkdtempSync(join(tmpdir(), 'qr-scan-'));
	execFileSync('npm', ['pack', '--silent', '--pack-destination', folder], {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const tarball = readdirSync(folder).find((name) => name.endsWith('.tgz'));
	const unpacked = join(folder, 'package');
	mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', join(folder, tarball), '-C', unpacked, '--strip-components=1']);
	return { folder, unpacked };
}

function option(name) {
	const at = process.argv.indexOf(name);
	return at === -1 ? undefined : resolve(process.argv[at + 1]);
}

const legs = [];
let packed;
if (option('--source') || option('--packed')) {
	if (option('--source'))
		legs.push({ name: 'source', folder: option('--source'), patterns: SOURCE_FILE_PATTERNS });
	if (option('--packed'))
		legs.push({ name: 'package', folder: option('--packed'), patterns: PACKED_FILE_PATTERNS });
} else {
	packed = packThisCheckout();
	legs.push({ name: 'source', folder: root, patterns: SOURCE_FILE_PATTERNS });
	legs.push({ name: 'package', folder: packed.unpacked, patterns: PACKED_FILE_PATTERNS });
}

let total = 0;
try {
	for (const leg of legs) {
		const { files, findings } = await scan(leg.folder, leg.patterns);
		total += findings.length;
		console.log(`n8n scanner, ${leg.name}: ${files} files, ${findings.length} findings`);
		for (const finding of findings) {
			console.log(
				`  ${finding.file}:${finding.line}  ${finding.severity}  ${finding.rule}  ${finding.message}`,
			);
		}
	}
} catch (error) {
	console.error(`n8n scanner could not run: ${error.message}`);
	total = Math.max(total, 1);
} finally {
	if (packed) rmSync(packed.folder, { recursive: true, force: true });
}
process.exit(total === 0 ? 0 : 1);
