/**
 * The route every notifying subgraph serves without login: GET shows a confirmation form, POST (also RFC 8058
 * one-click) unsubscribes. Subgraphs also serve it under `/<name>`, which the gateway forwards. In a module of its
 * own so that the gateway has it without the notifications' database layer.
 */
export const UNSUBSCRIBE_PATH = '/notifications/unsubscribe';
