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
	/** Every tool call answered so far, in order. */
	exchanges: ToolExchange[];
	/** How many turns the model has had (0 for the first request). */
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
 */
export class ScriptedChatModel {
	readonly requests: ChatRequestRecord[] = [];
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

	/** Every conversation's last recorded state, by user message. */
	conversations(): Map<string, Conversation> {
		const byUser = new Map<string, Conversation>();
		for (const { conversation } of this.requests) byUser.set(conversation.user, conversation);
		return byUser;
	}

	reset(): void {
		this.requests.length = 0;
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
	}

	private answer(body: { model?: string; messages?: ChatMessage[]; tools?: unknown[] }): object {
		const messages = body.messages ?? [];
		const conversation = readConversation(messages);
		const tools = (body.tools ?? []).map((tool) => (tool as { function: OfferedTool }).function);
		const turn = this.script(conversation);
		this.requests.push({ conversation, tools, answered: turn });
		const message =
			'text' in turn
				? { role: 'assistant', content: turn.text }
				: {
						role: 'assistant',
						content: null,
						tool_calls: turn.toolCalls.map((call) => ({
							id: `call_${++this.callCounter}`,
							type: 'function',
							function: { name: call.tool, arguments: JSON.stringify(call.args) },
						})),
					};
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

function readConversation(messages: ChatMessage[]): Conversation {
	const user = textOf([...messages].reverse().find((message) => message.role === 'user')?.content);
	const calls = new Map<string, { tool: string; args: Record<string, unknown> }>();
	const exchanges: ToolExchange[] = [];
	let turn = 0;
	for (const message of messages) {
		if (message.role === 'assistant' && message.tool_calls?.length) {
			turn++;
			for (const call of message.tool_calls) {
				calls.set(call.id, {
					tool: call.function.name,
					args: JSON.parse(call.function.arguments || '{}') as Record<string, unknown>,
				});
			}
		}
		if (message.role === 'tool') {
			const call = calls.get(message.tool_call_id ?? '');
			exchanges.push({
				tool: call?.tool ?? '?',
				args: call?.args ?? {},
				result: textOf(message.content),
			});
		}
	}
	return { user, exchanges, turn };
}
