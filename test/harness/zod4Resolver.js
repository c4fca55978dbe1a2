// Jest resolver for jest.zod4.config.js: `zod` imported from the node's source (nodes/,
// credentials/) resolves to zod 4 (the dev dependency `zod-v4`); everything else resolves as usual.
const { join, sep } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const NODE_SOURCES = ['nodes', 'credentials'].map((folder) => join(ROOT, folder) + sep);

module.exports = (request, options) => {
	const fromNode = NODE_SOURCES.some((folder) => `${options.basedir}${sep}`.startsWith(folder));
	if (fromNode && (request === 'zod' || request.startsWith('zod/'))) {
		return options.defaultResolver(request.replace(/^zod/, 'zod-v4'), options);
	}
	return options.defaultResolver(request, options);
};
