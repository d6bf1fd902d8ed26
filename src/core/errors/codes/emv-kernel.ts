/** Error codes raised by the `emv/kernel` and `emv/card` layers. Code → one-line meaning for docs/errors.md. */
export const emvKernelErrorCodes = {
  CARD_REMOVED: 'The card left the reader (or the reader lost it) during an APDU exchange; a card-reader port rejects its transmit with this code, and the kernel ends with a card-removed outcome.',
  KERNEL_CONFIG_INVALID: 'The EMV kernel configuration is malformed: a hex field, an amount, a percentage, a CA public key, an AID given twice, or terminal data of the wrong length.',
  KERNEL_TRANSACTION_INVALID: 'The transaction handed to the EMV kernel is malformed: amount, other amount, date, time, transaction type or unpredictable number.',
  KERNEL_INTERFACE_INVALID: 'A kernel callback (application choice, PIN entry, online response) answered with a value the kernel cannot use, such as an index outside the candidate list.',
  VIRTUAL_CARD_PERSONALISATION_INVALID: 'A virtual card personalisation is malformed: hex, PAN, dates, a record naming a data object with no value, a record too long for one R-APDU, or keys missing for the offline authentication its AIP announces.',
} as const satisfies Record<string, string>;
