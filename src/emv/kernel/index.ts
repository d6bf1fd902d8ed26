/**
 * cardwire/emv/kernel: the terminal's EMV kernel. Contact transactions as EMV 4.4 Books 1-4 run
 * them (selection, GPO, records, SDA/DDA/CDA, restrictions, CVM, terminal risk management, action
 * analysis, online with issuer authentication, scripts, completion) and contactless ones through an
 * entry point (EMV Books A/B) and an EMV-mode kernel in the style of qVSDC / qPBOC. The card is
 * reached only through an `ApduTransmit`; the terminal through one callbacks object.
 *
 * @packageDocumentation
 */
export { runContactTransaction, preparedConfig, type KernelConfigInput } from './contact';
export { runContactlessTransaction } from './contactless';
export {
  prepareKernelConfig,
  type KernelConfig,
  type TerminalConfig,
  type ApplicationConfig,
  type ContactlessAidConfig,
  type RandomSelectionConfig,
  type CaPublicKeyConfig,
  type PreparedKernelConfig,
  type PreparedApplication,
  type Hex,
} from './config';
export { defaultKernelConfig } from './default-config';
export type { KernelOptions } from './context';
export {
  kernelMessageIds,
  type KernelInterface,
  type KernelTransaction,
  type KernelMessage,
  type ApplicationCandidate,
  type OnlinePinRequest,
  type OnlinePinAnswer,
  type OfflinePinRequest,
  type OfflinePinAnswer,
  type OnlineRequest,
  type OnlineResponse,
  type KernelOutcome,
  type KernelOutcomeKind,
  type KernelOutcomeBase,
  type CryptogramOutcomeBase,
  type InterruptedOutcomeBase,
  type ApprovedOfflineOutcome,
  type DeclinedOfflineOutcome,
  type ApprovedOnlineOutcome,
  type DeclinedOnlineOutcome,
  type CardDeclinedAfterOnlineApprovalOutcome,
  type TryAnotherInterfaceOutcome,
  type FallbackOutcome,
  type CardRemovedOutcome,
  type CancelledOutcome,
  type TerminatedOutcome,
  type KernelStep,
  type OutcomeParameters,
  type De55Set,
} from './interface';
