/**
 * TR-31 / ANSI X9.143 key blocks: the header and its optional blocks (`header.ts`), and the
 * wrapping and unwrapping of keys under a key block protection key (`key-block.ts`). This is the
 * family's surface inside the crypto layer; `cardwire/crypto` re-exports its public part.
 */
export {
  parseTr31Header,
  buildTr31Header,
  tr31HeaderLength,
  tr31BlockSize,
  type Tr31Header,
  type Tr31Version,
  type Tr31Algorithm,
  type Tr31ModeOfUse,
  type Tr31Exportability,
  type Tr31OptionalBlock,
  type ParsedTr31Header,
} from './header';
export {
  unwrapTr31,
  unwrapTr31Bytes,
  wrapTr31,
  assertTr31Permits,
  tr31KeyAlgorithm,
  type Tr31UnwrappedKey,
  type Tr31UnwrappedSecretKey,
  type Tr31UnwrappedAsymmetricKey,
  type Tr31UnwrappedBytes,
  type Tr31WrapOptions,
  type Tr31Operation,
} from './key-block';
