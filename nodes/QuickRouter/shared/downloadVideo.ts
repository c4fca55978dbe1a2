import {
	BINARY_ENCODING,
	NodeApiError,
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IBinaryData,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type INodeExecutionData,
} from 'n8n-workflow';

import { readTask } from './api';
import { repeatRead } from './repeatRead';

const MEGABYTE = 1024 * 1024;

interface ByteStream {
	destroy(error?: Error): unknown;
}

/**
 * A step after Get, or Create when waiting: with "Download Video" on, fetches the finished
 * video into a binary field, streamed to n8n's binary data store (never whole in this node's
 * memory). The API key goes only to the API's own host: a video on another host (a CDN) is
 * fetched without it.
 */
export async function downloadVideo(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	request: DeclarativeRestApiSettings.HttpRequestOptions,
): Promise<INodeExecutionData[]> {
	if (!this.getNodeParameter('download', false)) return items;
	const binaryPropertyName = String(this.getNodeParameter('binaryPropertyName', 'data')).trim();
	const maxBytes = Number(this.getNodeParameter('maxVideoSizeMb', 500)) * MEGABYTE;

	return await Promise.all(
		items.map(async (item) => {
			const task = readTask(item.json);
			if (task?.status !== 'completed' || !task.videoUrl) {
				throw new NodeOperationError(
					this.getNode(),
					`Task ${task?.id ?? String(item.json.id)} has no video to download yet (status: ${task?.status ?? 'unknown'})`,
					{
						itemIndex: this.getItemIndex(),
						description:
							'Download works once the task is completed. Run Get again later, or use Create with Wait for Completion.',
					},
				);
			}
			const { videoUrl, id: taskId } = task;
			// A download cut short, a 5xx or a 429 is tried again: it is a read.
			const binary = await repeatRead(
				this,
				async () => await fetchVideo(this, videoUrl, request, maxBytes, taskId),
			);
			if (binary === 'too large' || binarySize(binary) > maxBytes) {
				throw tooLarge(this, taskId, maxBytes);
			}
			return { ...item, binary: { ...item.binary, [binaryPropertyName]: binary } };
		}),
	);
}

/**
 * One attempt: the video streamed into n8n's binary data store (never whole in this node's
 * memory), checked against the size the host announced.
 */
async function fetchVideo(
	context: IExecuteSingleFunctions,
	videoUrl: string,
	request: DeclarativeRestApiSettings.HttpRequestOptions,
	maxBytes: number,
	taskId: string,
): Promise<IBinaryData | 'too large'> {
	const options: IHttpRequestOptions = {
		method: 'GET',
		url: videoUrl,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: 10 * 60_000,
	};
	// The key goes only to the API's own host, never to a CDN.
	const onApiHost = hostOf(videoUrl) === hostOf(String(request.baseURL ?? ''));
	const response = (
		onApiHost
			? await context.helpers.httpRequestWithAuthentication.call(context, 'quickRouterApi', options)
			: await context.helpers.httpRequest(options)
	) as IN8nHttpFullResponse;
	const stream = response.body as unknown as ByteStream;

	if (response.statusCode >= 400) {
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
		return 'too large';
	}
	// The stream goes to n8n untouched (reading it here too would race n8n's own reader).
	const binary = await context.helpers.prepareBinaryData(
		stream as unknown as Buffer,
		`${taskId}.mp4`,
		'video/mp4',
	);
	if (Number.isFinite(announced) && binarySize(binary) < announced) {
		throw new NodeOperationError(
			context.getNode(),
			`The download of the video of task ${taskId} broke off after ${binarySize(binary)} of ${announced} bytes`,
			{ itemIndex: context.getItemIndex() },
		);
	}
	return binary;
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
			description: 'Raise "Max Video Size (MB)", or keep the video link instead of the file.',
		},
	);
}

function hostOf(url: string): string | undefined {
	try {
		return new URL(url).host.toLowerCase();
	} catch {
		return undefined;
	}
}
