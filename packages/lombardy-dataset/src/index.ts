// The one public entry of @ledger/lombardy-dataset.

export { type CuratedEvent, DATASET_ACTOR, lombardyEvents } from './dataset.ts';
export { curatedEventId, LOMBARDY_DATASET_NAMESPACE } from './event-id.ts';
export { LEDGER_LINE_FORMAT, toJsonl, toLedgerLine } from './jsonl.ts';
export { LEDGER_FILE } from './ledger-file.ts';
export { REPORT_YEAR, SEEDS } from './sources.ts';
