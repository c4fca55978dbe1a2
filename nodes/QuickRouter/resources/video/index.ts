import type { INodeProperties } from 'n8n-workflow';

import { runItemRequest } from '../../shared/runItemRequest';
import { createVideoInput } from './createInput';
import { throwOnApiError } from '../../shared/throwOnApiError';
import { compactRequestBody } from '../../shared/compactRequestBody';
import { videoCreateDescription } from './create';

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
						preSend: [compactRequestBody],
						// RoutingNode hands the request to `operations.pagination` when `paginate` is set:
						// the only hook that wraps an item's whole request (see runItemRequest)
						paginate: true,
					},
					operations: {
						pagination: runItemRequest({
							schema: createVideoInput,
							properties: videoCreateDescription,
						}),
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
];
