/**
 * cardwire: card payments at the point of sale. The package root is the core layer (bytes, errors,
 * Luhn, masking, money); each other layer is its own subpath: `cardwire/track`, … .
 *
 * @packageDocumentation
 */
export * from './core/index';
