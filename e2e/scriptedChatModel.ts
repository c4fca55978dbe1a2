/* eslint-disable @n8n/community-nodes/no-restricted-imports -- e2e test tooling: a server */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tool call the scripted model makes: the tool's name as the LLM sees it, and its arguments. */
export interface ScriptedToolCall {
	tool: string;
	args: Record<string, unknown>;
}

/** What the model says in one turn: tool calls (all in the same turn), or a final text. */
export type ScriptedTurn = { toolCalls: ScriptedToolCall[] } | { text: string };

/** A tool call the model made, and what the agent sent back to it as the tool's result. */
export interface ToolExchange {
	tool: string;
	args: Record<string, unknown>;
	/** The tool message's content, exactly as the LLM received it. */
	result: string;
}

/** One conversation so far, as a script reads it to decide the next turn. */
export interface Conversation {
	/** The user's message (the agent's prompt). */
	user: string;
	/** The tool calls the model made in this conversation and their results so far, in order. */
	exchanges: ToolExchange[];
	/** How many of the model's tool-call turns in this conversation are answered (0 at first). */
	turn: number;
}

/** The tools offered in a request: name, description and argument schema, as the LLM gets them. */
export interface OfferedTool {
	name: string;
	description: string;
	parameters: { properties?: Record<string, { description?: string; type?: string }> };
}

export interface ChatRequestRecord {
	conversation: Conversation;
	tools: OfferedTool[];
	answered: ScriptedTurn;
}

/** A tool call the model made: in which conversation, in which of its turns. */
interface IssuedCall extends ScriptedToolCall {
	id: string;
	user: string;
	turn: number;
}

interface ChatMessage {
	role: string;
	content?: string | Array<{ type: string; text?: string }> | null;
	tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}

function textOf(content: ChatMessage['content']): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => part.text ?? '').join('');
	return '';
}

/**
 * An OpenAI-compatible chat-completions server on loopback that plays the LLM from a script:
 * n8n's OpenAI Chat Model node, with its credential's Base URL pointed here, asks it what to do;
 * the script answers from the conversation so far (tool calls, then a final text). Every request
 * is recorded, with the tools it offered and what came back from each tool call.
 *
 * Each tool call has an ID of its own, and a conversation is read from the calls this model made
 * in it: what else an agent puts in the history it sends (n8n's Agent 3.1 can put another item's
 * earlier calls there) neither drives the script nor counts as that conversation's results.
 */
export class ScriptedChatModel {
	readonly requests: ChatRequestRecord[] = [];
	private readonly issued = new Map<string, IssuedCall>();
	/** Each call's result, as the agent first sent it back. */
	private readonly results = new Map<string, string>();
	private server?: Server;
	private port = 0;
	private callCounter = 0;

	private constructor(private readonly script: (conversation: Conversation) => ScriptedTurn) {}

	static async start(
		script: (conversation: Conversation) => ScriptedTurn,
	): Promise<ScriptedChatModel> {
		const model = new ScriptedChatModel(script);
		model.server = createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				try {
					const answer = model.answer(JSON.parse(Buffer.concat(chunks).toString('utf8')));
					response.writeHead(200, { 'Content-Type': 'application/json' });
					response.end(JSON.stringify(answer));
				} catch (error) {
					response.writeHead(500, { 'Content-Type': 'application/json' });
					response.end(JSON.stringify({ error: { message: String(error) } }));
				}
			});
		});
		await new Promise<void>((resolve) => model.server!.listen(0, '127.0.0.1', resolve));
		model.port = (model.server.address() as AddressInfo).port;
		return model;
	}

	/** The Base URL for n8n's OpenAI credential. */
	get url(): string {
		return `http://127.0.0.1:${this.port}/v1`;
	}

	/** The tool calls made in the conversation that `user` began, each with its result. */
	exchangesOf(user: string): ToolExchange[] {
		return [...this.issued.values()]
			.filter((call) => call.user === user)
			.map((call) => ({
				tool: call.tool,
				args: call.args,
				result: this.results.get(call.id) ?? '',
			}));
	}

	/** How many requests each conversation made. */
	requestsOf(user: string): number {
		return this.requests.filter((request) => request.conversation.user === user).length;
	}

	reset(): void {
		this.requests.length = 0;
		this.issued.clear();
		this.results.clear();
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
	}

	/** The conversation a request continues: its user message, and this model's calls in it. */
	private readConversation(messages: ChatMessage[]): Conversation {
		const user = textOf(
			[...messages].reverse().find((message) => message.role === 'user')?.content,
		);
		for (const message of messages) {
			const id = message.tool_call_id ?? '';
			if (message.role === 'tool' && this.issued.has(id) && !this.results.has(id)) {
				this.results.set(id, textOf(message.content));
			}
		}
		const answeredHere = new Set(
			messages.filter((message) => message.role === 'tool').map((message) => message.tool_call_id),
		);
		const own = [...this.issued.values()].filter(
			(call) => call.user === user && answeredHere.has(call.id),
		);
		return {
			user,
			exchanges: own.map((call) => ({
				tool: call.tool,
				args: call.args,
				result: this.results.get(call.id) ?? '',
			})),
			turn: Math.max(0, ...own.map((call) => call.turn)),
		};
	}

	private answer(body: { model?: string; messages?: ChatMessage[]; tools?: unknown[] }): object {
		const messages = body.messages ?? [];
		const conversation = this.readConversation(messages);
		const tools = (body.tools ?? []).map((tool) => (tool as { function: OfferedTool }).function);
		const turn = this.script(conversation);
		this.requests.push({ conversation, tools, answered: turn });
		let message: object;
		if ('text' in turn) {
			message = { role: 'assistant', content: turn.text };
		} else {
			const calls = turn.toolCalls.map((call) => {
				const issued = {
					...call,
					id: `call_${++this.callCounter}`,
					user: conversation.user,
					turn: conversation.turn + 1,
				};
				this.issued.set(issued.id, issued);
				return issued;
			});
			message = {
				role: 'assistant',
				content: null,
				tool_calls: calls.map((call) => ({
					id: call.id,
					type: 'function',
					function: { name: call.tool, arguments: JSON.stringify(call.args) },
				})),
			};
		}
		return {
			id: `chatcmpl-${this.callCounter}-${this.requests.length}`,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model: body.model ?? 'scripted',
			choices: [{ index: 0, message, finish_reason: 'text' in turn ? 'stop' : 'tool_calls' }],
			usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
		};
	}
}
