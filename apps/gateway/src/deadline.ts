import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './context';
import type { OperationDeadlines } from './data-source';

/** Stops an operation's clock once its response is on its way (RULES.md §6: a deadline per operation). */
export function deadlinePlugin(deadlines: OperationDeadlines): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          deadlines.finish(rc.contextValue.operationKey);
        },
      };
    },
  };
}
