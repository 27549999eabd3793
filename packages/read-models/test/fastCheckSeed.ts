/**
 * The property tests run on a fixed seed, so CI judges the same cases on every run and a failure
 * can be replayed; LEDGER_FC_SEED=<number> explores others.
 */
import fc from 'fast-check';

const seed = process.env.LEDGER_FC_SEED;
fc.configureGlobal({ seed: seed === undefined || seed === '' ? 20_261_123 : Number(seed) });
