import type { INodeProperties } from 'n8n-workflow';

import { sendToApiRoot } from '../../transport/apiRoot';
import { createdTasksNote, createTaskOnce } from '../../sending/createTaskOnce';
import { downloadVideo } from '../../tasks/downloadVideo';
import { recordRoutedValues } from '../../input/recordRoutedValues';
import { sendRead } from '../../sending/sendRead';
import { takeOverRequest } from '../../sending/takeOverRequest';
import { simplifyTask } from '../../tasks/simplifyTask';
import { throwOnPaidTaskError } from '../../transport/apiErrors';
import { waitForTask } from '../../tasks/waitForTask';
import { ROUTES } from '../../models/catalogue';
import { videoCreateDescription } from './create';
import { createVideoInput } from './createInput';
import { videoExtendDescription } from './extend';
import { extendVideoInput } from './extendInput';
import { mergeFieldOrders } from './fieldOrder';
import { videoGetDescription } from './get';
import { getVideoInput } from './getInput';

// Checks paced by how long each model's videos usually take (Check Every: Auto)
const waitForVideo = waitForTask(ROUTES);

const showOnlyForVideos = {
	resource: ['video'],
};

// An operation's action is what n8n tells an AI agent the tool does ("<action> in QuickRouter",
// with the tool description on "Set Automatically"), so each says what the call returns and what
// comes next. Constants: lint's sentence-case check reads literals without their punctuation.
const EXTEND_ACTION =
	'Extend a video: continues a finished Grok video from a moment on as a new task, whose ID comes back at once (check it later with Get a video task)';
const CREATE_ACTION =
	'Create a video: returns a task ID at once while the video takes a few minutes (check it later with Get a video task)';
const GET_ACTION =
	'Get a video task: the status, progress and, once completed, the video link of a task ID that Create a video returned, for checking later';

export const videoDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		description: 'What to do with the video',
		displayOptions: {
			show: showOnlyForVideos,
		},
		options: [
			{
				name: 'Create',
				value: 'create',
				action: CREATE_ACTION,
				description:
					'Start a video task (paid) from a text prompt, with optional frames or reference images. Returns the task ID and status at once; the video takes minutes.',
				routing: {
					request: {
						method: 'POST',
						// the unified route; a family on routes of its own sends elsewhere (models/)
						url: '/v1/video/create',
						// the API's own error body becomes a message a user can act on
						ignoreHttpStatusErrors: true,
					},
					send: {
						// recordRoutedValues first: see its comment
						preSend: [recordRoutedValues, sendToApiRoot],
						// the node takes the request over: see takeOverRequest
						paginate: true,
					},
					operations: {
						pagination: takeOverRequest(
							{ schema: createVideoInput, properties: videoCreateDescription },
							createTaskOnce(ROUTES),
							[waitForVideo, downloadVideo(ROUTES), simplifyTask(ROUTES)],
							// every task the run made is listed, so that none is lost (Get picks them up)
							createdTasksNote,
						),
					},
					output: {
						postReceive: [throwOnPaidTaskError],
					},
				},
			},
			{
				name: 'Extend',
				value: 'extend',
				action: EXTEND_ACTION,
				description:
					'Continue a finished Grok video from a moment on, as a new (paid) task. Returns the new task ID at once; the video takes minutes.',
				routing: {
					request: {
						method: 'POST',
						// Grok's extend route; the body is the checked values' (models/grok extendRequest)
						url: '/v1/video/extend',
						ignoreHttpStatusErrors: true,
					},
					send: { preSend: [recordRoutedValues, sendToApiRoot], paginate: true },
					operations: {
						pagination: takeOverRequest(
							{ schema: extendVideoInput, properties: videoExtendDescription },
							createTaskOnce(ROUTES),
							[waitForVideo, downloadVideo(ROUTES), simplifyTask(ROUTES)],
							// every task the run made is listed, so that none is lost (Get picks them up)
							createdTasksNote,
						),
					},
					output: {
						postReceive: [throwOnPaidTaskError],
					},
				},
			},
			{
				name: 'Get',
				value: 'get',
				action: GET_ACTION,
				description:
					'Look up a video task by its ID: its status, progress and, once completed, the video link. Does not wait: check again later while it is still being made.',
				routing: {
					// the unified lookup; sendRead reads each task where its family looks it up
					request: {
						method: 'GET',
						url: '/v1/video/query',
					},
					send: { preSend: [recordRoutedValues, sendToApiRoot], paginate: true },
					operations: {
						pagination: takeOverRequest(
							{ schema: getVideoInput, properties: videoGetDescription },
							sendRead(ROUTES),
							[waitForVideo, downloadVideo(ROUTES), simplifyTask(ROUTES)],
						),
					},
				},
			},
		],
		default: 'create',
	},
	// each operation's fields, with the fields they share once
	...mergeFieldOrders([videoCreateDescription, videoExtendDescription, videoGetDescription]),
];
