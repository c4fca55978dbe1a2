import {
	BINARY_ENCODING,
	NodeApiError,
	NodeOperationError,
	type IBinaryData,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type INodeExecutionData,
} from 'n8n-workflow';

import { taskRequestOf } from '../transport/answers';
import { readTaskOf, type RoutesCatalogue } from '../transport/familyRoutes';
import { connectionSettingsOf, keySettingsOf, originOf } from '../transport/apiRoot';
import { factsOf, noteOnError } from '../run/itemErrors';
import { runApiKey } from '../transport/keepKeySecret';
import { repeatRead } from '../transport/repeatRead';
import { failureOfError, refuseForGood } from '../transport/retryPolicy';
import { isRedirect } from '../transport/apiErrors';
import type { SentItem, TaskOutputChoices } from './sentItem';

const MEGABYTE = 1024 * 1024;

/** Max Video Size when the field is left at its default or a sheet's cell is blank. */
export const DEFAULT_MAX_VIDEO_SIZE_MB = 500;

/** Redirects followed from the API's own address, each hop judged anew for the key. */
const MAX_REDIRECTS = 5;

/** The parts of a Node.js readable stream used here (the body n8n gives with encoding 'stream'). */
interface ByteStream {
	destroy(error?: Error): unknown;
	map?: (transform: (chunk: Buffer) => Buffer) => ByteStream;
}

/** What became of one attempt: the file, or how far it got. */
type Attempt = IBinaryData | { tooLarge: true };

/**
 * A step after Get, or Create when waiting: with "Download Video" on, fetches the finished
 * video into a binary field, streamed to n8n's binary data store (never whole in this node's
 * memory), and stopped as soon as it passes Max Video Size, whether or not the host said its
 * size. The API key goes only to the API's own origin (scheme, host and port): a video elsewhere
 * (a CDN), or a redirect from the API to elsewhere, is fetched without it.
 */
export function downloadVideo(routes: RoutesCatalogue) {
	return async function downloadFinishedVideo(
		this: IExecuteSingleFunctions,
		items: INodeExecutionData[],
		sent: SentItem<TaskOutputChoices>,
	): Promise<INodeExecutionData[]> {
		return await downloadEach(this, routes, items, sent);
	};
}

async function downloadEach(
	context: IExecuteSingleFunctions,
	routes: RoutesCatalogue,
	items: INodeExecutionData[],
	{ request, checked }: SentItem<TaskOutputChoices>,
): Promise<INodeExecutionData[]> {
	if (checked.download !== true) return items;
	const binaryPropertyName = checked.binaryPropertyName ?? 'data';
	const maxBytes = (checked.maxVideoSizeMb ?? DEFAULT_MAX_VIDEO_SIZE_MB) * MEGABYTE;
	const apiOrigin = originOf(String(request.baseURL ?? ''));
	const apiKey = await runApiKey(context);

	return await Promise.all(
		items.map(async (item) => {
			const task = readTaskOf(routes, item.json, taskRequestOf(checked));
			if (task?.status !== 'completed' || !task.videoUrl) {
				throw new NodeOperationError(
					context.getNode(),
					`Task ${task?.id ?? String(item.json.id)} has no video to download yet (status: ${task?.status ?? 'unknown'})`,
					{
						itemIndex: context.getItemIndex(),
						description:
							'Download works once the task is completed. Run Get again later, or use Create with Wait for Completion.',
					},
				);
			}
			const { id: taskId } = task;
			const download = (videoUrl: string): Download => ({
				context,
				videoUrl,
				apiOrigin,
				maxBytes,
				taskId,
				apiKey,
				connection: connectionSettingsOf(request),
				keySettings: keySettingsOf(request),
			});
			const binary = await fetchWithRepeats(download(task.videoUrl)).catch(
				async (error: unknown) => {
					// a second link to the same video (Hailuo's), tried before giving up on a link that
					// gave no video; not after the node's own refusal (a link holding the key): said as is
					const { backupVideoUrl } = task;
					if (!backupVideoUrl || isOwnRefusal(error)) throw error;
					return await fetchWithRepeats(download(backupVideoUrl)).catch((second: unknown) => {
						throw bothLinksFailed(second, error);
					});
				},
			);
			if ('tooLarge' in binary || binarySize(binary) > maxBytes) {
				throw tooLarge(context, taskId, maxBytes);
			}
			return { ...item, binary: { ...item.binary, [binaryPropertyName]: binary } };
		}),
	);
}

/** The node's own refusal to fetch a link (one holding the key, too many redirects). */
function isOwnRefusal(error: unknown): boolean {
	return (
		error instanceof Error &&
		failureOfError(error as NodeOperationError).code === 'refused by the node'
	);
}

/** The backup link's failure, saying that the first link failed before it. */
function bothLinksFailed(error: unknown, first: unknown): unknown {
	if (error instanceof Error) {
		const firstSaid = first instanceof Error ? first.message : String(first);
		const described = (error as NodeOperationError).description;
		(error as NodeOperationError).description =
			`The backup link was tried after the first link failed (${firstSaid}). ${described ?? ''}`.trim();
	}
	return error;
}

/** A download, tried again after a passing failure: a read. */
async function fetchWithRepeats(download: Download): Promise<Attempt> {
	let attempts = 0;
	// A download cut short, a 5xx or a 429 is tried again: it is a read.
	return await repeatRead(download.context, async () => {
		attempts++;
		return await fetchVideo(download);
	}).catch((error: unknown) => {
		throw brokeOffEveryTime(download, error, attempts);
	});
}

interface Download {
	context: IExecuteSingleFunctions;
	/** The node's proxy and "Ignore SSL Issues", as for its other requests. */
	connection: Partial<IHttpRequestOptions>;
	/** How a request with the key is sent (to the API's origin only, within the allowed domains). */
	keySettings: Partial<IHttpRequestOptions>;
	videoUrl: string;
	apiOrigin: string | undefined;
	maxBytes: number;
	taskId: string;
	/** Never sent anywhere but the API's origin, not even inside a link. */
	apiKey: string;
}

/** One attempt: the video streamed into n8n's binary data store, counted on the way. */
async function fetchVideo(download: Download): Promise<Attempt> {
	const { context, maxBytes, taskId } = download;
	const response = await openVideo(download);
	const stream = response.body as unknown as ByteStream;

	if (response.statusCode >= 300) {
		stream.destroy();
		throw new NodeApiError(
			context.getNode(),
			{ statusCode: response.statusCode },
			{
				message: `Could not download the video of task ${taskId} (HTTP ${response.statusCode})`,
				description: 'Video links expire after a while. Run Get again for a fresh link.',
				httpCode: String(response.statusCode),
				itemIndex: context.getItemIndex(),
			},
		);
	}
	const announced = Number(response.headers['content-length']);
	if (announced > maxBytes) {
		stream.destroy();
		return { tooLarge: true };
	}

	// Counted as n8n's store reads it (a reader of our own beside it would race n8n's), and cut
	// off the moment it passes the limit, so that a host that sends no size cannot fill the disk.
	let received = 0;
	let pastLimit = false;
	const counted =
		stream.map?.((chunk) => {
			received += chunk.length;
			if (received > maxBytes) {
				pastLimit = true;
				stream.destroy();
				throw new Error('past Max Video Size');
			}
			return chunk;
		}) ?? stream;
	let binary: IBinaryData;
	try {
		binary = await context.helpers.prepareBinaryData(
			counted as unknown as Buffer,
			`${taskId}.mp4`,
			'video/mp4',
		);
	} catch (cause) {
		if (pastLimit) return { tooLarge: true };
		throw brokeOff(download, received, announced, cause);
	}
	// No check of the stored size against Content-Length: a body that ends before its length fails
	// in Node's HTTP parser (caught above as a break), and a compressed answer's length counts the
	// compressed bytes, which n8n has already unpacked.
	return binary;
}

/**
 * The video's answer. The key is sent only to the API's own origin, with redirects off there: a
 * redirect from it is followed here, and the next address gets the key only if it is the API's
 * origin too. A request without the key may follow redirects as n8n does.
 */
async function openVideo(download: Download): Promise<IN8nHttpFullResponse> {
	const { context, apiOrigin, taskId } = download;
	let url = download.videoUrl;
	for (let hop = 0; ; hop++) {
		const withKey = apiOrigin !== undefined && originOf(url) === apiOrigin;
		if (!withKey && download.apiKey && decodeURIComponentSafely(url).includes(download.apiKey)) {
			throw refuseForGood(
				new NodeOperationError(
					context.getNode(),
					`The video link of task ${taskId} holds your API key and points at another address than QuickRouter's: it is not fetched`,
					{
						itemIndex: context.getItemIndex(),
						description:
							'The API key is only ever sent to the Base URL of the QuickRouter credential. Ask QuickRouter (or your relay) why its video links carry the key, and create a new key if this link was shared.',
					},
				),
			);
		}
		const options: IHttpRequestOptions = {
			method: 'GET',
			url,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 10 * 60_000,
			...download.connection,
			...(withKey ? download.keySettings : {}),
		};
		let response: IN8nHttpFullResponse;
		try {
			response = (
				withKey
					? await context.helpers.httpRequestWithAuthentication.call(
							context,
							'quickRouterApi',
							options,
						)
					: await context.helpers.httpRequest(options)
			) as IN8nHttpFullResponse;
		} catch (cause) {
			// No answer at all: a break before the first byte
			throw brokeOff(download, 0, Number.NaN, cause);
		}
		const location = response.headers?.location;
		if (!withKey || !isRedirect(response.statusCode) || typeof location !== 'string') {
			return response;
		}
		(response.body as unknown as ByteStream).destroy();
		if (hop >= MAX_REDIRECTS) {
			throw refuseForGood(
				new NodeOperationError(
					context.getNode(),
					`The video link of task ${taskId} redirected more than ${MAX_REDIRECTS} times`,
					{
						itemIndex: context.getItemIndex(),
						description: 'Run Get again later for a fresh link.',
					},
				),
			);
		}
		url = new URL(location, url).href;
	}
}

function decodeURIComponentSafely(url: string): string {
	try {
		return decodeURIComponent(url);
	} catch {
		return url;
	}
}

function describeBytes(bytes: number): string {
	return bytes >= MEGABYTE
		? `${(bytes / MEGABYTE).toFixed(1)} MB (${bytes} bytes)`
		: `${bytes} bytes`;
}

/**
 * A transfer that stopped before the end, or got no answer at all (received 0): a passing
 * failure, tried again (repeatRead).
 */
function brokeOff(download: Download, received: number, announced: number, cause?: unknown) {
	const total = Number.isFinite(announced) ? ` of ${describeBytes(announced)}` : '';
	const reason = cause instanceof Error && cause.message ? cause.message : 'the connection closed';
	const error = new NodeOperationError(
		download.context.getNode(),
		`The download of the video of task ${download.taskId} broke off after ${describeBytes(received)}${total} (${reason})`,
		{ itemIndex: download.context.getItemIndex() },
	);
	noteOnError(error, {
		bytesReceived: received,
		...(total ? { bytesExpected: announced } : {}),
		reason,
	});
	return error;
}

/** The error once the download failed at every attempt: how far it got, and what to do. */
function brokeOffEveryTime(download: Download, error: unknown, attempts: number): unknown {
	const { bytesReceived, bytesExpected, reason } = factsOf(error as object);
	if (typeof bytesReceived !== 'number') return error;
	const total = typeof bytesExpected === 'number' ? ` of ${describeBytes(bytesExpected)}` : '';
	const times = attempts === 1 ? 'once' : `${attempts} times`;
	const what =
		bytesReceived > 0
			? `the transfer broke off ${times}, the last time after ${describeBytes(bytesReceived)}${total}`
			: `the video's address gave no video, ${times} (the last time: ${String(reason)})`;
	const final = new NodeOperationError(
		download.context.getNode(),
		`The video of task ${download.taskId} could not be downloaded: ${what}`,
		{
			itemIndex: download.context.getItemIndex(),
			description: `The video is made and paid for, and this item keeps its task ID. Run Video > Get with Download Video on for task ${download.taskId} again later (its link stays valid for a while), or keep the video link instead of the file.`,
		},
	);
	noteOnError(final, { taskId: download.taskId });
	return final;
}

/** A host that does not say the size up front is measured once stored. */
function binarySize(binary: IBinaryData): number {
	return binary.bytes ?? Buffer.byteLength(binary.data, BINARY_ENCODING);
}

function tooLarge(context: IExecuteSingleFunctions, taskId: string, maxBytes: number) {
	return new NodeOperationError(
		context.getNode(),
		`The video of task ${taskId} is larger than the limit of ${maxBytes / MEGABYTE} MB`,
		{
			itemIndex: context.getItemIndex(),
			description:
				'The download was stopped at the limit. Raise "Max Video Size (MB)", or keep the video link instead of the file.',
		},
	);
}
