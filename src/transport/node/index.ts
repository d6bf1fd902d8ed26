/// <reference types="node" />
// The Node adapter builds with Node types even where the pure tsconfig (`"types": []`) drives the build.
/**
 * cardwire transport, Node adapter: TCP/TLS client and server running framed sessions over
 * sockets, and UnionPay's HTTP gateway (client and server). Import from `cardwire/transport/node`.
 *
 * @packageDocumentation
 */
export { socketChannel } from './socket-channel';
export { TcpClient, type TcpClientOptions, type TcpClientState } from './tcp-client';
export { TcpServer, type TcpServerOptions, type ServerConnection, type HandlerResult } from './tcp-server';
export {
  HTTP_GATEWAY_CONTENT_TYPE,
  HttpGatewayClient,
  HttpGatewayServer,
  type HttpGatewayClientOptions,
  type HttpGatewayServerOptions,
} from './http-gateway';
