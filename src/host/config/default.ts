/**
 * The default host configuration (fixtures/host/default-config.json, printed by
 * `cardwire host --print-config`): the terminals of the public UnionPay samples (TID 10000159 /
 * MID 880210010210160 and TID 50080001 / MID 309310083985008, TMK
 * 0123456789ABCDEFFEDCBA9876543210), a third terminal with key scheme 004, magnetic-stripe
 * debit, credit, lost, stolen, blocked and foreign cards, and the chip cards of the virtual EMV
 * cards (`cardwire/emv/card`) with the same issuer master keys. TEST ONLY: every key is public.
 */
import config from '../../../fixtures/host/default-config.json';
import type { HostConfigJson } from './types';

/**
 * The default configuration, as JSON data.
 *
 * @example
 * ```ts
 * validateHostConfig(defaultHostConfig).terminals.get('10000159')?.mid; // '880210010210160'
 * ```
 */
export const defaultHostConfig: HostConfigJson = config as HostConfigJson;
