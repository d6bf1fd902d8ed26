/**
 * The POS applications' Node adapters: the browser POS server (the bundled page over HTTP and its
 * WebSocket-to-TCP bridge to the host), what `cardwire pos --web` runs, the POS day and the load
 * generator.
 *
 * @packageDocumentation
 */
export { startWebPos, runWebPos, parseHostAddress, type HostAddress, type WebPos, type WebPosOptions, type WebPosCliOptions, type WebPosIo } from './web-pos';
export { PosWebServer, DEFAULT_MAX_MESSAGE_SIZE, defaultWebRoot, webSocketAccept, webSocketKeyOf, type PosWebServerOptions } from './web-server';
export { runPosDay, type PosDayOptions, type PosDayResult } from './day';
export { runLoad, type LoadOptions, type LoadReport } from './load';
