/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals -- a command-line script, not node code */
/**
 * npm run e2e:toolchain: what the e2e tests run n8n with (Node 24, n8n 2.41.1 and 1.123.81),
 * installed into their cache ahead of them, so that CI can install the Debian packages they need
 * at the same time.
 */
import { installToolchains } from '../e2e/toolchain';

installToolchains().catch((error: Error) => {
	console.error(`installing the e2e toolchains failed: ${error.message}`);
	process.exitCode = 1;
});
