import type { INodeProperties } from 'n8n-workflow';

import { sendToApiRoot } from '../../shared/apiRoot';
import { createTaskOnce } from '../../shared/createTaskOnce';
import { downloadVideo } from '../../shared/downloadVideo';
import { recordRoutedValues } from '../../shared/recordRoutedValues';
import { sendRead } from '../../shared/repeatRead';
import { runItemRequest } from '../../shared/runItemRequest';
import { simplifyTask } from '../../shared/simplifyTask';
import { throwOnApiError } from '../../shared/throwOnApiError';
import { waitForTask } from '../../shared/waitForTask';
import { videoCreateDescription } from './create';
import { createVideoInput } from './createInput';
import { videoGetDescription } from './get';
import { getVideoInput } from './getInput';

const showOnlyForVideos = {
	resource: ['video'],
};

export const videoDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: {
			show: showOnlyForVideos,
		},
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a video',
				description:
					'Start a Sora video task from a text prompt, with optional reference images or a character. Returns the task ID and status.',
				routing: {
					request: {
						method: 'POST',
						url: '/v1/video/create',
						// throwOnApiError turns the API's own error body into a message a user can act on
						ignoreHttpStatusErrors: true,
					},
					send: {
						// recordRoutedValues first: see its comment
						preSend: [recordRoutedValues, sendToApiRoot],
						// RoutingNode hands the request to `operations.pagination` when `paginate` is set:
						// the only hook that wraps an item's whole request (see runItemRequest)
						paginate: true,
					},
					operations: {
						pagination: runItemRequest(
							{ schema: createVideoInput, properties: videoCreateDescription },
							createTaskOnce,
							[waitForTask, downloadVideo, simplifyTask],
						),
					},
					output: {
						postReceive: [throwOnApiError],
					},
				},
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a video task',
				description:
					'Look up a video task by its ID: its status, progress and, once completed, the video link. Does not wait.',
				routing: {
					request: {
						method: 'GET',
						url: '/v1/video/query',
						ignoreHttpStatusErrors: true,
					},
					send: { preSend: [recordRoutedValues, sendToApiRoot], paginate: true },
					operations: {
						pagination: runItemRequest(
							{ schema: getVideoInput, properties: videoGetDescription },
							sendRead,
							[downloadVideo, simplifyTask],
						),
					},
					output: {
						postReceive: [throwOnApiError],
					},
				},
			},
		],
		default: 'create',
	},
	...videoCreateDescription,
	...videoGetDescription,
];
