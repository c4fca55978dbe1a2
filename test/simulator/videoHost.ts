/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code: a file server */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';

/** test/fixtures/<name>, found from the source (tests) or from its compiled copy (scripts). */
function fixture(name: string): string {
	for (let folder = __dirname; folder !== dirname(folder); folder = dirname(folder)) {
		const candidate = join(folder, 'test', 'fixtures', name);
		if (existsSync(candidate)) return candidate;
	}
	throw new Error(`test fixture ${name} not found above ${__dirname}`);
}

/** A small real MP4 (2 s, 96x64), made with ffmpeg for these tests. */
export const SAMPLE_VIDEO = readFileSync(fixture('sample.mp4'));

export interface VideoRequest {
	path: string;
	headers: IncomingHttpHeaders;
}

export interface VideoHostOptions {
	/** Default 127.0.0.2: another host than the API's 127.0.0.1, as a CDN is. */
	host?: string;
	/** What to serve for every video; default the sample MP4. */
	video?: Buffer;
}

/** Serves finished videos at /videos/<name>.mp4, as QuickRouter's CDN would, and records who asked. */
export class VideoHost {
	readonly requests: VideoRequest[] = [];
	video: Buffer;
	/** Send without Content-Length, in pieces, as some CDNs do. */
	chunked = false;
	/** The next this many downloads break off halfway (the connection drops). */
	breakNext = 0;
	/** The next this many downloads get this status instead of the video. */
	failNext: { status: number; times: number } = { status: 503, times: 0 };

	private readonly server: Server;

	private constructor(
		private readonly host: string,
		video: Buffer,
	) {
		this.video = video;
		this.server = createServer((request, response) => {
			this.requests.push({ path: request.url ?? '/', headers: request.headers });
			if (!request.url?.startsWith('/videos/')) {
				response.writeHead(404).end();
				return;
			}
			if (this.failNext.times > 0) {
				this.failNext.times--;
				response.writeHead(this.failNext.status).end();
				return;
			}
			if (this.breakNext > 0) {
				this.breakNext--;
				response.writeHead(200, {
					'Content-Type': 'video/mp4',
					...(this.chunked ? {} : { 'Content-Length': String(this.video.length) }),
				});
				response.write(this.video.subarray(0, Math.floor(this.video.length / 2)), () =>
					request.socket.destroy(),
				);
				return;
			}
			if (this.chunked) {
				response.writeHead(200, { 'Content-Type': 'video/mp4' });
				for (let start = 0; start < this.video.length; start += 64 * 1024) {
					response.write(this.video.subarray(start, start + 64 * 1024));
				}
				response.end();
				return;
			}
			response.writeHead(200, {
				'Content-Type': 'video/mp4',
				'Content-Length': String(this.video.length),
			});
			response.end(this.video);
		});
	}

	static async start(options: VideoHostOptions = {}): Promise<VideoHost> {
		const videoHost = new VideoHost(options.host ?? '127.0.0.2', options.video ?? SAMPLE_VIDEO);
		await new Promise<void>((resolve, reject) => {
			videoHost.server.once('error', reject);
			videoHost.server.listen(0, videoHost.host, resolve);
		});
		return videoHost;
	}

	get url(): string {
		return `http://${this.host}:${(this.server.address() as AddressInfo).port}`;
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
