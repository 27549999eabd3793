// The one public entry of @ledger/event-store.
import { join } from 'node:path';
import { openEmbeddedEventStore } from './adapters/embeddedEventStore.ts';
import { withHashChain } from './integrity/hashChain.ts';
import type { EventStore } from './port.ts';

export {
  type EmbeddedEventStoreOptions,
  openEmbeddedEventStore,
} from './adapters/embeddedEventStore.ts';
export {
  createMemoryEventStore,
  type MemoryEventStoreOptions,
} from './adapters/memoryEventStore.ts';
export { DEFAULT_DATA_DIR, findWorkspaceRoot, resolveDataDir } from './dataDir.ts';
export {
  EventStoreUnavailableError,
  EventValidationError,
  WrongExpectedRevisionError,
} from './errors.ts';
export {
  ANCHOR_STREAM,
  ANCHOR_TYPE,
  type AnchorData,
  type Anchored,
  Anchorer,
  type AnchoringOptions,
  type AnchorOptions,
  type AnchorRef,
  anchorAtOrBefore,
  anchorDataOf,
  isAnchor,
  startAnchoring,
} from './integrity/anchors.ts';
export { canonicalJson, sha256Hex } from './integrity/canonical.ts';
export {
  CHAIN_KEY,
  type ChainLink,
  chainOf,
  contentHash,
  contentHashOfCanonical,
  withoutChain,
} from './integrity/chain.ts';
export {
  CopyMismatchError,
  type CopyOptions,
  type CopyProgress,
  type CopyResult,
  compareLogs,
  copyLog,
  type ReplayClock,
  replayClock,
} from './integrity/copy.ts';
export {
  EXPORT_FORMAT,
  exportLine,
  exportRecord,
  parseExportLine,
} from './integrity/exportLine.ts';
export { ChainError, withHashChain } from './integrity/hashChain.ts';
export {
  type Break,
  type Verification,
  type VerifyOptions,
  type VerifyProgress,
  verifyEvents,
} from './integrity/verify.ts';
export type * from './port.ts';
export {
  type EventValidationIssue,
  type EventValidationOutcome,
  type EventValidator,
  withValidation,
} from './validation.ts';

export interface EventStoreConfig {
  /** `LEDGER_STORE`: empty for the embedded file, or an EventStoreDB/KurrentDB connection string. */
  readonly store?: string | undefined;
  /** Directory holding the embedded file `ledger.sqlite`. */
  readonly dataDir: string;
  /**
   * Stamp every appended event with its stream's hash-chain link (docs/audit.md). Default true:
   * only a benchmark of the bare adapters turns it off.
   */
  readonly hashChain?: boolean;
  /**
   * The store's clock for `recordedAt`. Only a copy of another log (restore, migrate) sets it, to
   * keep that log's times; otherwise the embedded store uses the system clock and EventStoreDB
   * its own.
   */
  readonly clock?: () => Date;
}

/** The embedded file's name inside `dataDir`. */
export const EMBEDDED_FILE_NAME = 'ledger.sqlite';

const ESDB_SCHEMES = ['esdb://', 'esdb+discover://'] as const;

/**
 * Opens the store the configuration names: by default the embedded single-file store at
 * `<dataDir>/ledger.sqlite`; with an `esdb://` or `esdb+discover://` connection string, the
 * EventStoreDB/KurrentDB adapter (loaded only then, so its client stays out of embedded runs).
 * Every append is hash-chained, whichever adapter it is.
 */
export async function openEventStore(config: EventStoreConfig): Promise<EventStore> {
  const opened = await openAdapter(config);
  return config.hashChain === false ? opened : withHashChain(opened);
}

async function openAdapter(config: EventStoreConfig): Promise<EventStore> {
  const store = config.store?.trim() ?? '';
  if (store === '') {
    if (typeof config.dataDir !== 'string' || config.dataDir.trim() === '') {
      throw new TypeError(
        'openEventStore: dataDir must name the directory for the embedded store (LEDGER_DATA_DIR)',
      );
    }
    return openEmbeddedEventStore({
      file: join(config.dataDir, EMBEDDED_FILE_NAME),
      ...(config.clock === undefined ? {} : { clock: config.clock }),
    });
  }
  if (ESDB_SCHEMES.some((scheme) => store.startsWith(scheme))) {
    const { openEsdbEventStore } = await import('./adapters/esdbEventStore.ts');
    return openEsdbEventStore({
      connectionString: store,
      ...(config.clock === undefined ? {} : { clock: config.clock }),
    });
  }
  // Only the scheme is echoed: a connection string may carry credentials.
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(store)?.[0];
  throw new TypeError(
    `LEDGER_STORE must be empty (embedded file <dataDir>/${EMBEDDED_FILE_NAME}) or a connection string starting with ${ESDB_SCHEMES.join(' or ')}; got ${scheme === undefined ? 'a value without a scheme' : `a value starting with "${scheme}"`}`,
  );
}
