import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { blankIsUnset, boolean, numberCell, text } from '../../input/cells';
import { DEFAULT_MAX_VIDEO_SIZE_MB } from '../../tasks/downloadVideo';

/** What Get, and Create when waiting, give: the task's shape, and the video as a file. */
export function taskOutputFields(show: IDisplayOptions['show']): INodeProperties[] {
	return [
		{
			displayName: 'Simplify Output',
			name: 'simplify',
			type: 'boolean',
			default: true,
			displayOptions: { show },
			description:
				'Whether to return a flat task (ID, status, progress, video URL, error, update time) instead of the raw API response',
		},
		{
			displayName: 'Download Video',
			name: 'download',
			type: 'boolean',
			default: false,
			displayOptions: { show },
			description:
				'Whether to fetch the finished video as a file (binary data) for the next nodes, such as Google Drive, YouTube or S3. Video links expire, so this is the safe way to keep a video.',
		},
		{
			displayName: 'Put Video in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			displayOptions: { show: { ...show, download: [true] } },
			description: 'The name of the binary field that holds the video file',
		},
		{
			displayName: 'Max Video Size (MB)',
			name: 'maxVideoSizeMb',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_MAX_VIDEO_SIZE_MB,
			displayOptions: { show: { ...show, download: [true] } },
			description: 'A larger video is not downloaded: the item fails with an error that says so',
		},
	];
}

/** The rules for those fields, as they resolve for an item. */
export const taskOutputInput = {
	simplify: boolean('must be true or false').optional(),
	download: boolean('must be true or false').optional(),
	binaryPropertyName: text('must be text')
		.pipe(z.string().trim().min(1, 'is empty: enter a field name such as data'))
		.optional(),
	// blank (an empty cell): the default size
	maxVideoSizeMb: blankIsUnset(
		numberCell('must be a number of megabytes').pipe(z.number().positive('must be more than 0')),
	),
};
