import type { Viewer } from '@ceg/auth';
import type { Logger } from '@ceg/kit/runtime';

export interface GatewayContext {
  requestId: string;
  viewer: Viewer;
  /** The caller's Authorization header, forwarded to the subgraphs (which verify it again). */
  authorization?: string;
  log: Logger;
  /** The caller's address (behind a trusted proxy: the client's), for the anonymous cost budget. */
  clientAddress?: string;
  /** Names the operation's deadline (data-source.ts, OperationDeadlines) to its subgraph calls. */
  operationKey?: string;
}
