/**
 * HTTP client of the node API for the CLI. Errors become typed WesErrors with the node's own
 * code and message; an unreachable node says how to start one.
 */
import { WesError } from '../../pkg/errors.js';

export const DEFAULT_NODE_URL = 'http://127.0.0.1:8645';

export function nodeUrl(explicit?: string): string {
  return (explicit ?? process.env['WES_NODE'] ?? DEFAULT_NODE_URL).replace(/\/+$/, '');
}

export class NodeApiError extends WesError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, status >= 500 ? 'internal' : 'input', message, { status });
  }
}

export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
    } catch (e) {
      throw new NodeApiError(0, 'NODE_UNREACHABLE', `cannot reach the node at ${this.baseUrl} (${(e as Error).message}); start one with \`make run\` or set --node / WES_NODE`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text.length ? JSON.parse(text) : undefined;
    } catch {
      throw new NodeApiError(res.status, 'BAD_REPLY', `node replied with non-JSON (${res.status}): ${text.slice(0, 200)}`);
    }
    if (!res.ok) {
      const err = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new NodeApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? `HTTP ${res.status}`);
    }
    return json as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }
}
