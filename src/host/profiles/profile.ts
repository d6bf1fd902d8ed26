/**
 * A dialect profile: how one network's messages carry the host's requests and answers. The flows
 * never read a field number; a second network is a new profile, not a fork of the flows.
 */
import type { MacOptions } from '../../crypto/index';
import type { IsoMessage, MessageCodec } from '../../iso8583/index';
import type { KeyScheme } from '../config/types';
import type { HostAnswer, HostRequest } from '../request';

/** The profile port. */
export interface HostProfile {
  readonly name: string;
  readonly codec: MessageCodec;
  /** The MAC algorithm of DE 64 (or the dialect's MAC field). */
  readonly mac: MacOptions;
  /** The key scheme a sign-on asks for (UnionPay: 60.3); default 003. */
  signOnScheme?(request: HostRequest): KeyScheme;
  /** Hand out a double-length MAK whatever the terminal's configuration says (an X9.19 MAC needs one). */
  readonly doubleLengthMak?: boolean;
  /** A balanced settlement closes the batch at once (no batch upload in this dialect). */
  readonly settlementClosesBatch?: boolean;
  /** Read a decoded request; a message the profile cannot classify throws HOST_REQUEST_INVALID. */
  read(message: IsoMessage): HostRequest;
  /**
   * The response to `request` carrying `answer`. With `mac`, the MAC field holds zeros, to be
   * filled by {@link sealMac} over {@link macData} of the packed response.
   */
  respond(request: HostRequest, answer: HostAnswer, options: { readonly mac: boolean }): IsoMessage;
  /**
   * The format-error (30) answer to a message that did not decode, from the fields decoded before
   * the failure; undefined when too little decoded to address an answer (the connection is closed).
   */
  formatError(partial: IsoMessage | undefined, answer: HostAnswer): IsoMessage | undefined;
  /** The bytes the MAC covers in a packed message whose MAC field is last. */
  macData(payload: Uint8Array): Uint8Array;
  /** Write `mac` into the packed message's MAC field (in place). */
  sealMac(payload: Uint8Array, mac: Uint8Array): void;
  /** Make a stored answer (replayed to a retransmission) the answer to `request`'s bytes (TPDU). */
  readdress(response: Uint8Array, request: Uint8Array): Uint8Array;
}
