import type { Attributes } from '@opentelemetry/api';
import type { ResolvedProvider } from '../providers/connection';
import type { ChatRequest } from '../providers/provider';
import type { ProviderName } from '../schemas/options';

/** The conventions' `gen_ai.provider.name` where it differs from the library's own provider name. */
const CONVENTION_NAMES: Partial<Record<ProviderName, string>> = { gemini: 'gcp.gemini' };

export function genAiProviderName(name: ProviderName): string {
  return CONVENTION_NAMES[name] ?? name;
}

/** `server.address` and `server.port` of the endpoint a provider is reached at. */
export function serverAttributes(baseURL: string): Attributes {
  const url = new URL(baseURL);
  return { 'server.address': url.hostname, 'server.port': Number(url.port) || (url.protocol === 'https:' ? 443 : 80) };
}

/** What a chat span and its metrics share: the operation, who answers it, and where. */
export function chatAttributes({ adapter, connection }: ResolvedProvider, chat: ChatRequest): Attributes {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': genAiProviderName(adapter.name),
    'gen_ai.request.model': chat.model,
    ...serverAttributes(connection.baseURL),
  };
}

/** A message part as the conventions' `gen_ai.*.messages` attributes hold it (JSON text). */
export function textMessages(role: string, content: string, extra: Record<string, string> = {}): string {
  return JSON.stringify([{ role, parts: [{ type: 'text', content }], ...extra }]);
}
